package io.weft.sidecar.metrics;

import io.weft.common.annotation.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.DoubleStream;

import com.linecorp.armeria.common.logging.RequestLog;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code weft.requests} timers of one (direction, upstream, peer): one per {@link ResponseClass},
 * registered the first time a response of that class completes and read from an array slot after, so
 * recording a request builds no tags and searches no registry. Thread-safe.
 */
final class RequestSeries {
    static final String NAME = "weft.requests";

    /**
     * The latency histogram's upper bounds, in milliseconds: fine below 10 ms, where a proxy hop lives,
     * coarse up to 10 s. 18 bounds, so 19 {@code _bucket} lines per series with {@code +Inf}; the README
     * lists them.
     */
    static final List<Duration> BUCKETS =
            DoubleStream.of(0.5, 1, 2, 3, 5, 7.5, 10, 15, 25, 50, 75, 100, 250, 500, 1_000, 2_500, 5_000, 10_000)
                        .mapToObj(ms -> Duration.ofNanos(Math.round(ms * 1_000_000))).toList();

    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(ResponseClass.COUNT);

    RequestSeries(MeterRegistry registry, String direction, String upstream, String peer) {
        this.registry = registry;
        tags = Tags.of("direction", direction, "upstream", upstream, "peer", peer);
    }

    /** Records a completed request: its whole duration, from its headers to the end of its response. */
    void record(RequestLog log) {
        timer(ResponseClass.of(log)).record(log.totalDurationNanos(), TimeUnit.NANOSECONDS);
    }

    /** Records a request a relay timed itself: {@code httpStatus} -1 when no response started. */
    void record(long durationNanos, int httpStatus, @Nullable String grpcStatus) {
        timer(ResponseClass.of(httpStatus, grpcStatus)).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    Timer timer(int responseClass) {
        final Timer known = timers.get(responseClass);
        if (known != null) {
            return known;
        }
        // Two threads may both get here: the registry hands both the same timer.
        final Timer timer = Timer.builder(NAME)
                                 .description("Requests through the sidecar by direction, upstream, peer, " +
                                              "HTTP status class and gRPC code")
                                 .tags(tags)
                                 .tag("status_class", ResponseClass.statusClass(responseClass))
                                 .tag("grpc_code", ResponseClass.grpcCode(responseClass))
                                 .serviceLevelObjectives(BUCKETS.toArray(Duration[]::new))
                                 .publishPercentileHistogram(false)
                                 .register(registry);
        timers.set(responseClass, timer);
        return timer;
    }
}
