package io.weft.sidecar.tracing;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import brave.Span;
import brave.Tracer;
import brave.Tracing;
import brave.propagation.TraceContext;
import brave.propagation.TraceContextOrSamplingFlags;
import brave.sampler.Sampler;
import io.micrometer.core.instrument.MeterRegistry;
import io.weft.common.annotation.Nullable;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Spans recorded by Brave and exported by zipkin-reporter: {@code finish} hands a sampled span to
 * {@link AsyncZipkinSpanHandler}, whose bounded queue is drained by its own thread ("weft-trace-export")
 * into the sender; when the queue is full, the span is dropped and counted, the request never waits.
 */
final class BraveHopTracer implements HopTracer {
    // zipkin-reporter logs a collector it cannot reach through java.util.logging: a WARNING with a stack trace,
    // outside the sidecar's log format. ExportMetrics says it in one line instead. Held here: java.util.logging
    // keeps loggers weakly, and a collected one would forget its level.
    private static final java.util.logging.Logger REPORTER_LOG = java.util.logging.Logger.getLogger("zipkin2.reporter");

    static {
        REPORTER_LOG.setLevel(java.util.logging.Level.OFF);
    }

    private final Tracing tracing;
    private final Tracer tracer;
    private final AsyncZipkinSpanHandler export;

    static BraveHopTracer zipkin(String service, double sampling, URI zipkin, int queuedMaxSpans,
                                 MeterRegistry registry) {
        final String base = zipkin.toString().replaceAll("/+$", "");
        // Short timeouts: the export thread (and a sidecar's close, which flushes) gives up on a Zipkin that
        // is down within seconds; its spans are dropped and counted.
        final URLConnectionSender sender = URLConnectionSender.newBuilder()
                                                              .endpoint(base + "/api/v2/spans")
                                                              .connectTimeout(1000)
                                                              .readTimeout(2000)
                                                              .build();
        return new BraveHopTracer(service, sampling, sender, base, queuedMaxSpans, registry);
    }

    /** {@code collector}: where {@code sender} sends, for the log line that says it cannot. */
    BraveHopTracer(String service, double sampling, BytesMessageSender sender, String collector, int queuedMaxSpans,
                   MeterRegistry registry) {
        if (!(sampling >= 0 && sampling <= 1)) {
            throw new IllegalArgumentException("trace-sampling: " + sampling + " (expected: 0..1)");
        }
        export = AsyncZipkinSpanHandler.newBuilder(sender)
                                       .queuedMaxSpans(queuedMaxSpans)
                                       .messageTimeout(1, TimeUnit.SECONDS)
                                       .closeTimeout(2, TimeUnit.SECONDS)
                                       .threadFactory(r -> {
                                           final Thread t = new Thread(r, "weft-trace-export");
                                           t.setDaemon(true);
                                           return t;
                                       })
                                       .metrics(new ExportMetrics(registry, collector))
                                       .build();
        tracing = Tracing.newBuilder()
                         .localServiceName(service)
                         .sampler(Sampler.create((float) sampling))
                         .traceId128Bit(true)
                         .addSpanHandler(export)
                         .build();
        tracer = tracing.tracer();
    }

    @Override
    public <C> HopSpan start(Hop hop, C carrier, TraceHeaders.Getter<C> getter) {
        final SpanContext caller = TraceHeaders.extract(carrier, getter);
        final Span span = caller == null ? tracer.nextSpan() : tracer.nextSpan(toBrave(caller));
        return new BraveHopSpan(hop, span, caller == null ? null : caller.tracestate());
    }

    private static TraceContextOrSamplingFlags toBrave(SpanContext c) {
        if (!c.hasIds()) {
            return c.debug() ? TraceContextOrSamplingFlags.DEBUG
                   : Boolean.TRUE.equals(c.sampled()) ? TraceContextOrSamplingFlags.SAMPLED
                   : Boolean.FALSE.equals(c.sampled()) ? TraceContextOrSamplingFlags.NOT_SAMPLED
                   : TraceContextOrSamplingFlags.EMPTY;
        }
        return TraceContextOrSamplingFlags.create(TraceContext.newBuilder()
                                                              .traceIdHigh(c.traceIdHigh())
                                                              .traceId(c.traceId())
                                                              .spanId(c.spanId())
                                                              .sampled(c.sampled())
                                                              .debug(c.debug())
                                                              .build());
    }

    @Override
    public void close() {
        tracing.close();
        export.flush(); // what is queued goes out now, on this thread, before the export thread stops
        export.close();
    }

    /** The hop's Brave span: ids drawn at start, timed and tagged only at finish, from the outcome. */
    private static final class BraveHopSpan implements HopSpan {
        private final Hop hop;
        private final Span span;
        @Nullable
        private final String tracestate;

        BraveHopSpan(Hop hop, Span span, @Nullable String tracestate) {
            this.hop = hop;
            this.span = span;
            this.tracestate = tracestate;
        }

        @Override
        public String traceId() {
            return span.context().traceIdString();
        }

        @Override
        public boolean injects() {
            return true;
        }

        @Override
        public <C> void inject(C carrier, TraceHeaders.Setter<C> setter) {
            final TraceContext c = span.context();
            TraceHeaders.inject(new SpanContext(c.traceIdHigh(), c.traceId(), c.spanId(),
                                                c.parentIdAsLong(), c.sampled(), c.debug(), tracestate),
                                carrier, setter);
        }

        @Override
        public void finish(HopOutcome o) {
            if (span.isNoop()) {
                return; // not sampled: nothing recorded, nothing exported
            }
            span.kind(hop == Hop.OUTBOUND ? Span.Kind.CLIENT : Span.Kind.SERVER)
                .name(o.grpc() ? o.path() : o.method())
                .tag("weft.hop", hop.label())
                .tag("http.method", o.method())
                .tag("http.path", o.path());
            if (o.httpStatus() != 0) {
                span.tag("http.status_code", Integer.toString(o.httpStatus()));
            }
            if (o.grpcStatus() != null) {
                span.tag("grpc.status_code", o.grpcStatus());
            }
            // The remote endpoint is the other side of this span's kind: the caller for a server span, the
            // upstream for a client span (Zipkin's dependency graph is drawn from it). The edge's caller is
            // outside the mesh, so its span names the upstream in tags only.
            if (o.peer() != null) {
                span.tag("weft.peer", o.peer());
                if (hop == Hop.INBOUND) {
                    span.remoteServiceName(o.peer().substring(o.peer().lastIndexOf('/') + 1));
                }
            }
            if (o.upstream() != null) {
                span.tag("weft.upstream", o.upstream());
                if (hop == Hop.OUTBOUND) {
                    span.remoteServiceName(o.upstream());
                }
            }
            if (o.endpoint() != null) {
                span.tag("weft.endpoint", o.endpoint());
                final int colon = o.endpoint().lastIndexOf(':');
                if (hop == Hop.OUTBOUND && colon > 0) {
                    span.remoteIpAndPort(o.endpoint().substring(0, colon),
                                         parsePort(o.endpoint().substring(colon + 1)));
                }
            }
            if (hop != Hop.INBOUND) {
                span.tag("weft.retries", Integer.toString(o.retries()));
            }
            if (o.error() != null) {
                span.tag("error", o.error());
            }
            span.start(o.startMicros());
            span.finish(o.startMicros() + Math.max(1, o.durationNanos() / 1000));
        }

        private static int parsePort(String port) {
            try {
                return Integer.parseInt(port);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
