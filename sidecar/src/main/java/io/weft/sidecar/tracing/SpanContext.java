package io.weft.sidecar.tracing;

import io.weft.common.annotation.Nullable;

/**
 * A trace context as it travels in headers, whatever the format: 128-bit trace id (the high half 0 for a
 * 64-bit B3 id), span id, the parent's span id (0 when unknown), the sampling decision ({@code null}:
 * the receiver decides) and W3C {@code tracestate}, passed on unchanged. A context with trace id 0 carries
 * only a sampling decision (B3 {@code b3: 0}).
 */
public record SpanContext(long traceIdHigh, long traceId, long spanId, long parentId,
                          @Nullable Boolean sampled, boolean debug, @Nullable String tracestate) {

    /** Only a sampling decision, no ids. */
    static SpanContext decisionOnly(@Nullable Boolean sampled, boolean debug) {
        return new SpanContext(0, 0, 0, 0, sampled, debug, null);
    }

    /** Whether this context names a trace and a span (rather than only a sampling decision). */
    public boolean hasIds() {
        return traceId != 0 || traceIdHigh != 0;
    }

    /** The trace id as lower-case hex: 32 digits, or 16 for a 64-bit id. */
    public String traceIdHex() {
        return traceIdHigh == 0 ? hex(traceId) : hex(traceIdHigh) + hex(traceId);
    }

    static String hex(long value) {
        final String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
