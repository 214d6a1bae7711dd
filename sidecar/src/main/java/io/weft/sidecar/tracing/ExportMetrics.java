package io.weft.sidecar.tracing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import zipkin2.reporter.ReporterMetrics;

/**
 * zipkin-reporter's counters as weft meters: {@code weft.trace.spans.reported}, {@code .dropped} (queue
 * full, or a message the collector refused) and the gauge {@code weft.trace.spans.queued}. Called from
 * the request's thread (drops on a full queue) and the export thread.
 *
 * <p>A message the collector did not take is said in one INFO line, again at most every 5 minutes while it
 * goes on: a collector that is down or not deployed (the compose demo without its tracing profile) is an
 * operator's fact, not a sidecar's fault. zipkin-reporter's own WARNING with a stack trace, through
 * java.util.logging, is silenced for it ({@link BraveHopTracer}).
 */
final class ExportMetrics implements ReporterMetrics {
    private static final Logger logger = LoggerFactory.getLogger(ExportMetrics.class);
    private static final long REPEAT_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final String collector;
    private final Counter reported;
    private final Counter dropped;
    private final AtomicInteger queued = new AtomicInteger();
    /** When the next unreachable-collector line may be logged: from the start, then 5 minutes after each. */
    private final AtomicLong nextLineNanos = new AtomicLong(System.nanoTime());

    /** {@code collector}: where the spans go, as the log line names it. */
    ExportMetrics(MeterRegistry registry, String collector) {
        this.collector = collector;
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
    public void incrementMessagesDropped(Throwable cause) {
        final long now = System.nanoTime();
        final long next = nextLineNanos.get();
        if (now - next < 0 || !nextLineNanos.compareAndSet(next, now + REPEAT_NANOS)) {
            return;
        }
        logger.info("Spans cannot reach the trace collector {}: {}: {} (dropped, counted in " +
                    "weft_trace_spans_dropped_total; said again at most every 5 minutes while it lasts)",
                    collector, cause.getClass().getSimpleName(), cause.getMessage());
    }

    @Override
    public void incrementSpanBytes(int quantity) {}

    @Override
    public void incrementMessageBytes(int quantity) {}

    @Override
    public void updateQueuedBytes(int update) {}
}
