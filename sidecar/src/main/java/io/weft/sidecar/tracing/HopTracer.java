package io.weft.sidecar.tracing;

import java.net.URI;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Opens one span per hop. Transport-independent: the caller reads its headers through a
 * {@link TraceHeaders.Getter}, writes the forwarded request's through a {@link TraceHeaders.Setter}
 * and reports the outcome. {@link #start} runs on the request's thread (an event loop): it only parses
 * headers and draws ids.
 */
public interface HopTracer extends AutoCloseable {

    /** Tracing off: spans only carry the caller's trace id (for the access log) and inject nothing. */
    static HopTracer off() {
        return Passthrough.INSTANCE;
    }

    /**
     * Spans of {@code service}, sampled at {@code sampling} (0..1) when the caller made no decision, sent
     * to the Zipkin v2 API at {@code zipkin} ({@code http://host:9411}) from a queue of at most
     * {@code queuedMaxSpans}; reported, dropped and queued spans are counted in {@code registry}.
     */
    static HopTracer zipkin(String service, double sampling, URI zipkin, int queuedMaxSpans, MeterRegistry registry) {
        return BraveHopTracer.zipkin(service, sampling, zipkin, queuedMaxSpans, registry);
    }

    /** Joins the caller's trace read from {@code carrier} (or starts one) with this hop's span. */
    <C> HopSpan start(Hop hop, C carrier, TraceHeaders.Getter<C> getter);

    /** Flushes what is queued (bounded wait) and stops exporting. */
    @Override
    void close();
}
