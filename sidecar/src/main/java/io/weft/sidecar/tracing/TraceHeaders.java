package io.weft.sidecar.tracing;

import java.util.List;

import io.weft.common.annotation.Nullable;

/**
 * The trace context formats a hop reads and writes: W3C Trace Context ({@code traceparent},
 * {@code tracestate}) and B3, single ({@code b3}) and multi ({@code X-B3-*}) header. Read in that order
 * of precedence, the first well-formed one wins; a malformed header is ignored (the hop starts a trace)
 * rather than failing the request. Written in all of them, so an app whose library knows any one of the
 * formats joins the trace. Header names are lower case (HTTP/2).
 */
public final class TraceHeaders {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    public static final String B3 = "b3";
    public static final String B3_TRACE_ID = "x-b3-traceid";
    public static final String B3_SPAN_ID = "x-b3-spanid";
    public static final String B3_PARENT_SPAN_ID = "x-b3-parentspanid";
    public static final String B3_SAMPLED = "x-b3-sampled";
    public static final String B3_FLAGS = "x-b3-flags";

    /** Every header a hop reads or writes: a caller removes them before {@link #inject}. */
    public static final List<String> NAMES = List.of(TRACEPARENT, TRACESTATE, B3, B3_TRACE_ID, B3_SPAN_ID,
                                                     B3_PARENT_SPAN_ID, B3_SAMPLED, B3_FLAGS);

    /** Reads one header of a carrier (a request's headers), {@code null} when absent. */
    @FunctionalInterface
    public interface Getter<C> {
        @Nullable
        String get(C carrier, String name);
    }

    /** Sets one header of a carrier, replacing any value it had. */
    @FunctionalInterface
    public interface Setter<C> {
        void set(C carrier, String name, String value);
    }

    /** The caller's context, or {@code null} when it sent none (or none well-formed). */
    @Nullable
    public static <C> SpanContext extract(C carrier, Getter<C> getter) {
        final String traceparent = getter.get(carrier, TRACEPARENT);
        if (traceparent != null) {
            final SpanContext w3c = parseTraceparent(traceparent, getter.get(carrier, TRACESTATE));
            if (w3c != null) {
                return w3c;
            }
        }
        final String single = getter.get(carrier, B3);
        if (single != null) {
            final SpanContext b3 = parseB3(single);
            if (b3 != null) {
                return b3;
            }
        }
        return parseB3Multi(carrier, getter);
    }

    /** Writes {@code context} in every format. */
    public static <C> void inject(SpanContext context, C carrier, Setter<C> setter) {
        final String sampled = context.debug() ? "d" : Boolean.TRUE.equals(context.sampled()) ? "1"
                                                     : Boolean.FALSE.equals(context.sampled()) ? "0" : null;
        if (!context.hasIds()) {
            if (sampled != null) {
                setter.set(carrier, B3, sampled);
                setter.set(carrier, B3_SAMPLED, sampled.equals("0") ? "0" : "1");
            }
            return;
        }
        final String traceId = context.traceIdHex();
        final String spanId = SpanContext.hex(context.spanId());
        setter.set(carrier, TRACEPARENT, "00-" + SpanContext.hex(context.traceIdHigh()) +
                                         SpanContext.hex(context.traceId()) + '-' + spanId + '-' +
                                         (Boolean.TRUE.equals(context.sampled()) || context.debug() ? "01" : "00"));
        if (context.tracestate() != null) {
            setter.set(carrier, TRACESTATE, context.tracestate());
        }
        setter.set(carrier, B3, traceId + '-' + spanId + (sampled == null ? "" : '-' + sampled) +
                                (context.parentId() == 0 ? "" : '-' + SpanContext.hex(context.parentId())));
        setter.set(carrier, B3_TRACE_ID, traceId);
        setter.set(carrier, B3_SPAN_ID, spanId);
        if (context.parentId() != 0) {
            setter.set(carrier, B3_PARENT_SPAN_ID, SpanContext.hex(context.parentId()));
        }
        if (context.debug()) {
            setter.set(carrier, B3_FLAGS, "1");
        } else if (sampled != null) {
            setter.set(carrier, B3_SAMPLED, sampled);
        }
    }

    /** {@code version-traceid-parentid-flags}: 2, 32, 16 and 2 hex digits; version ff and all-zero ids are invalid. */
    @Nullable
    static SpanContext parseTraceparent(String value, @Nullable String tracestate) {
        final String v = value.trim();
        if (v.length() < 55 || v.charAt(2) != '-' || v.charAt(35) != '-' || v.charAt(52) != '-' ||
            v.startsWith("ff") || (v.startsWith("00") ? v.length() != 55 : v.length() > 55 && v.charAt(55) != '-')) {
            return null;
        }
        final int version = hexInt(v, 0, 2);
        final long high = hexLong(v, 3, 19);
        final long low = hexLong(v, 19, 35);
        final long spanId = hexLong(v, 36, 52);
        final int flags = hexInt(v, 53, 55);
        if (version < 0 || flags < 0 || high == INVALID || low == INVALID || spanId == INVALID ||
            (high == 0 && low == 0) || spanId == 0) {
            return null;
        }
        final String state = tracestate == null || tracestate.isBlank() ? null : tracestate.trim();
        return new SpanContext(high, low, spanId, 0, (flags & 1) == 1, false, state);
    }

    /** {@code traceid-spanid[-sampling[-parentid]]} or a bare sampling decision {@code 0|1|d}. */
    @Nullable
    static SpanContext parseB3(String value) {
        final String v = value.trim();
        if (v.length() == 1) {
            final Boolean sampled = sampling(v);
            return sampled == null ? null : SpanContext.decisionOnly(sampled, v.equals("d"));
        }
        final String[] parts = v.split("-", -1);
        if (parts.length < 2 || parts.length > 4) {
            return null;
        }
        final long[] traceId = traceId(parts[0]);
        final long spanId = parts[1].length() == 16 ? hexLong(parts[1], 0, 16) : INVALID;
        if (traceId == null || spanId == INVALID || spanId == 0) {
            return null;
        }
        Boolean sampled = null;
        if (parts.length > 2) {
            sampled = sampling(parts[2]);
            if (sampled == null) {
                return null;
            }
        }
        long parentId = 0;
        if (parts.length > 3) {
            parentId = parts[3].length() == 16 ? hexLong(parts[3], 0, 16) : INVALID;
            if (parentId == INVALID) {
                return null;
            }
        }
        return new SpanContext(traceId[0], traceId[1], spanId, parentId, sampled,
                               parts.length > 2 && parts[2].equals("d"), null);
    }

    @Nullable
    private static <C> SpanContext parseB3Multi(C carrier, Getter<C> getter) {
        final String flags = getter.get(carrier, B3_FLAGS);
        final boolean debug = "1".equals(flags == null ? null : flags.trim());
        final String sampledValue = getter.get(carrier, B3_SAMPLED);
        Boolean sampled = debug ? Boolean.TRUE : null;
        if (sampledValue != null && !debug) {
            final String s = sampledValue.trim();
            sampled = s.equals("1") || s.equalsIgnoreCase("true") ? Boolean.TRUE
                      : s.equals("0") || s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        }
        final String traceIdValue = getter.get(carrier, B3_TRACE_ID);
        final String spanIdValue = getter.get(carrier, B3_SPAN_ID);
        if (traceIdValue == null || spanIdValue == null) {
            return sampled == null ? null : SpanContext.decisionOnly(sampled, debug);
        }
        final long[] traceId = traceId(traceIdValue.trim());
        final String spanHex = spanIdValue.trim();
        final long spanId = spanHex.length() == 16 ? hexLong(spanHex, 0, 16) : INVALID;
        if (traceId == null || spanId == INVALID || spanId == 0) {
            return sampled == null ? null : SpanContext.decisionOnly(sampled, debug);
        }
        final String parentValue = getter.get(carrier, B3_PARENT_SPAN_ID);
        final long parentId = parentValue != null && parentValue.trim().length() == 16
                              ? hexLong(parentValue.trim(), 0, 16) : 0;
        return new SpanContext(traceId[0], traceId[1], spanId, parentId == INVALID ? 0 : parentId, sampled, debug,
                               null);
    }

    /** A B3 trace id: 16 or 32 hex digits, not all zero; {@code {high, low}}. */
    private static long @Nullable [] traceId(String hex) {
        final long high;
        final long low;
        if (hex.length() == 32) {
            high = hexLong(hex, 0, 16);
            low = hexLong(hex, 16, 32);
        } else if (hex.length() == 16) {
            high = 0;
            low = hexLong(hex, 0, 16);
        } else {
            return null;
        }
        return high == INVALID || low == INVALID || (high == 0 && low == 0) ? null : new long[] { high, low };
    }

    @Nullable
    private static Boolean sampling(String value) {
        return switch (value) {
            case "1", "d" -> Boolean.TRUE;
            case "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * Marks a malformed id. An id that really is all ones would be read as malformed too: one trace in
     * 2^64, restarted rather than joined.
     */
    private static final long INVALID = -1L;

    /** Lower-case hex only (both W3C and B3 require it); {@link #INVALID} otherwise. */
    private static long hexLong(String s, int from, int to) {
        long result = 0;
        for (int i = from; i < to; i++) {
            final char c = s.charAt(i);
            final int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0) {
                return INVALID;
            }
            result = (result << 4) | digit;
        }
        return result;
    }

    private static int hexInt(String s, int from, int to) {
        final long value = hexLong(s, from, to);
        return value == INVALID ? -1 : (int) value;
    }

    private TraceHeaders() {}
}
