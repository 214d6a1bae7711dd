package io.weft.sidecar.tracing;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import zipkin2.reporter.ReporterMetrics;

/**
 * zipkin-reporter's counters as weft meters: {@code weft.trace.spans.reported}, {@code .dropped} (queue
 * full, or a message the collector refused) and the gauge {@code weft.trace.spans.queued}. Called from
 * the request's thread (drops on a full queue) and the export thread.
 */
final class ExportMetrics implements ReporterMetrics {
    private final Counter reported;
    private final Counter dropped;
    private final AtomicInteger queued = new AtomicInteger();

    ExportMetrics(MeterRegistry registry) {
        reported = Counter.builder("weft.trace.spans.reported")
                          .description("Sampled spans handed to the export queue").register(registry);
        dropped = Counter.builder("weft.trace.spans.dropped")
                         .description("Spans dropped: export queue full or collector unreachable")
                         .register(registry);
        Gauge.builder("weft.trace.spans.queued", queued, AtomicInteger::get)
             .description("Spans waiting in the export queue").register(registry);
    }

    @Override
    public void incrementSpans(int quantity) {
        reported.increment(quantity);
    }

    @Override
    public void incrementSpansDropped(int quantity) {
        dropped.increment(quantity);
    }

    @Override
    public void updateQueuedSpans(int update) {
        queued.set(update);
    }

    @Override
    public void incrementMessages() {}

    @Override
    public void incrementMessagesDropped(Throwable cause) {}

    @Override
    public void incrementSpanBytes(int quantity) {}

    @Override
    public void incrementMessageBytes(int quantity) {}

    @Override
    public void updateQueuedBytes(int update) {}
}
