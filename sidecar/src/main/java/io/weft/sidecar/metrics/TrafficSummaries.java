package io.weft.sidecar.metrics;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.weft.common.annotation.Nullable;
import io.weft.protocol.v1.EdgeTraffic;
import io.weft.protocol.v1.TrafficSummary;

/**
 * Turns the inbound {@code weft.requests} timers into {@link TrafficSummary} deltas for the control plane:
 * what completed since the previous summary, per caller, with the timers' own latency buckets (no second
 * histogram on the request path). Reads the registry only when asked, so recording a request costs nothing
 * more. Not thread-safe: one caller at a time (the discovery thread).
 */
public final class TrafficSummaries {
    private static final Set<String> SUCCESS_STATUS_CLASSES = Set.of("1xx", "2xx", "3xx", "4xx");
    private static final Set<String> SUCCESS_GRPC_CODES = Set.of("none", "OK");
    private static final int BUCKETS = RequestSeries.BUCKETS.size() + 1;

    private final SidecarMetrics metrics;
    private final Clock clock;
    /** Per timer: its cumulative bucket counts at the previous summary, the last slot its total. */
    private final Map<Meter.Id, long[]> previous = new HashMap<>();
    private long previousAt;

    public TrafficSummaries(SidecarMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        previousAt = clock.millis();
    }

    /** The requests completed since the previous call, or {@code null} when there were none. */
    @Nullable
    public TrafficSummary next() {
        final Map<String, Edge> edges = new TreeMap<>();
        for (Timer timer : metrics.registry().find(RequestSeries.NAME)
                                  .tag("direction", SidecarMetrics.DIRECTION_INBOUND).timers()) {
            final long[] now = cumulative(timer.takeSnapshot());
            final long[] before = previous.put(timer.getId(), now);
            if (before != null && before[BUCKETS - 1] == now[BUCKETS - 1]) {
                continue;
            }
            final Meter.Id id = timer.getId();
            final Edge edge = edges.computeIfAbsent(id.getTag("peer") + '\0' + id.getTag("upstream"),
                                                    k -> new Edge(id.getTag("peer"), id.getTag("upstream")));
            edge.add(now, before, SUCCESS_STATUS_CLASSES.contains(id.getTag("status_class")) &&
                                  SUCCESS_GRPC_CODES.contains(id.getTag("grpc_code")));
        }
        final long start = previousAt;
        previousAt = clock.millis();
        if (edges.isEmpty()) {
            return null;
        }
        final TrafficSummary.Builder summary = TrafficSummary.newBuilder().setStartUnixMillis(start)
                                                             .setEndUnixMillis(previousAt);
        RequestSeries.BUCKETS.forEach(b -> summary.addLatencyBoundsMillis(b.toNanos() / 1e6));
        edges.values().forEach(e -> summary.addEdges(e.toProto()));
        return summary.build();
    }

    /** The snapshot's cumulative ({@code le}) counts per bound, then its total (the {@code +Inf} bucket). */
    private static long[] cumulative(HistogramSnapshot snapshot) {
        final long[] counts = new long[BUCKETS];
        final CountAtBucket[] buckets = snapshot.histogramCounts();
        for (int i = 0; i < buckets.length && i < BUCKETS - 1; i++) {
            counts[i] = (long) buckets[i].count();
        }
        counts[BUCKETS - 1] = snapshot.count();
        return counts;
    }

    private static final class Edge {
        private final String source;
        private final String destination;
        private final long[] buckets = new long[BUCKETS];
        private long requests;
        private long successes;

        Edge(@Nullable String source, @Nullable String destination) {
            this.source = source == null ? MetersByLabel.NONE : source;
            this.destination = destination == null ? MetersByLabel.NONE : destination;
        }

        /** Adds one timer's growth since {@code before} (null: since it was registered). */
        void add(long[] now, long @Nullable [] before, boolean success) {
            long below = 0;
            for (int i = 0; i < BUCKETS; i++) {
                final long grown = now[i] - (before == null ? 0 : before[i]);
                // Cumulative counts: this bucket's own requests are its growth less the buckets' below it.
                buckets[i] += Math.max(0, grown - below);
                below = Math.max(below, grown);
            }
            final long count = now[BUCKETS - 1] - (before == null ? 0 : before[BUCKETS - 1]);
            requests += count;
            if (success) {
                successes += count;
            }
        }

        EdgeTraffic toProto() {
            final EdgeTraffic.Builder b = EdgeTraffic.newBuilder().setSource(source).setDestination(destination)
                                                     .setRequests(requests).setSuccesses(successes);
            for (long count : buckets) {
                b.addLatencyBuckets(count);
            }
            return b.build();
        }
    }
}
