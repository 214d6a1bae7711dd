package io.weft.controlplane.traffic;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.annotation.concurrent.GuardedBy;
import javax.annotation.concurrent.ThreadSafe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weft.common.annotation.Nullable;
import io.weft.controlplane.stream.TrafficSink;
import io.weft.controlplane.traffic.EdgeStats.InstanceStats;
import io.weft.controlplane.traffic.EdgeStats.Stats;
import io.weft.protocol.v1.EdgeTraffic;
import io.weft.protocol.v1.TrafficSummary;

/**
 * The last {@code window} of traffic summaries, per (source, destination, destination instance). Times are
 * the control plane's: a summary counts from when it arrived less the span it covers, so sidecar clocks
 * need not agree. A sidecar may only report requests to its own service; other edges in its summary are
 * dropped with a warning. Recording and reading are short and synchronized (summaries arrive every few
 * seconds per sidecar), never blocking an event loop for long.
 */
@ThreadSafe
public final class TrafficWindow implements TrafficSink {
    private static final Logger logger = LoggerFactory.getLogger(TrafficWindow.class);
    static final double[] QUANTILES = { 0.5, 0.95, 0.99 };

    private final Duration window;
    private final Clock clock;
    @GuardedBy("this")
    private final Map<Key, Deque<Sample>> samples = new HashMap<>();
    /** Per destination instance: the earliest time its samples in the window cover. */
    @GuardedBy("this")
    private final Map<String, Long> reportingSince = new HashMap<>();

    public TrafficWindow(Duration window, Clock clock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
        this.window = window;
        this.clock = requireNonNull(clock, "clock");
    }

    public Duration window() {
        return window;
    }

    @Override
    public void received(String service, String instanceId, TrafficSummary summary) {
        final long now = clock.millis();
        final long span = Math.max(0, Math.min(summary.getEndUnixMillis() - summary.getStartUnixMillis(),
                                               window.toMillis()));
        final List<Double> bounds = List.copyOf(summary.getLatencyBoundsMillisList());
        synchronized (this) {
            for (EdgeTraffic edge : summary.getEdgesList()) {
                final String problem = problem(service, bounds, edge);
                if (problem != null) {
                    logger.warn("Traffic summary from {} ({}): edge {} -> {} dropped: {}", instanceId, service,
                                edge.getSource(), edge.getDestination(), problem);
                    continue;
                }
                samples.computeIfAbsent(new Key(edge.getSource(), service, instanceId), k -> new ArrayDeque<>())
                       .addLast(new Sample(now, edge.getRequests(), edge.getSuccesses(), bounds,
                                           edge.getLatencyBucketsList()));
            }
            reportingSince.merge(instanceId, now - span, Math::min);
            prune(now);
        }
    }

    @Nullable
    private static String problem(String service, List<Double> bounds, EdgeTraffic edge) {
        if (!edge.getDestination().equals(service)) {
            return "destination '" + edge.getDestination() + "' (expected: the sender's own service '" +
                   service + "')";
        }
        if (edge.getSuccesses() > edge.getRequests()) {
            return "successes " + edge.getSuccesses() + " (expected: <= requests " + edge.getRequests() + ')';
        }
        if (edge.getLatencyBucketsCount() != bounds.size() + 1) {
            return "latency buckets " + edge.getLatencyBucketsCount() + " (expected: " + (bounds.size() + 1) +
                   ", one per bound and one above)";
        }
        return null;
    }

    /** Every edge with requests in the window, sorted by source then destination. */
    public synchronized List<EdgeStats> edges() {
        final long now = clock.millis();
        prune(now);
        final Map<String, List<Map.Entry<Key, Deque<Sample>>>> byEdge = new TreeMap<>();
        samples.entrySet().stream()
               .sorted(Map.Entry.comparingByKey())
               .forEach(e -> byEdge.computeIfAbsent(e.getKey().source() + '\0' + e.getKey().destination(),
                                                    k -> new ArrayList<>()).add(e));
        final List<EdgeStats> edges = new ArrayList<>();
        for (List<Map.Entry<Key, Deque<Sample>>> instances : byEdge.values()) {
            final Key first = instances.get(0).getKey();
            final Aggregate total = new Aggregate();
            final List<InstanceStats> perInstance = new ArrayList<>();
            for (Map.Entry<Key, Deque<Sample>> e : instances) {
                final Aggregate one = new Aggregate();
                e.getValue().forEach(one::add);
                e.getValue().forEach(total::add);
                final long span = spanMillis(now, List.of(e.getKey().instanceId()));
                perInstance.add(new InstanceStats(e.getKey().instanceId(), one.stats(span)));
            }
            final long edgeSpan = spanMillis(now, instances.stream().map(e -> e.getKey().instanceId()).toList());
            edges.add(new EdgeStats(first.source(), first.destination(), total.stats(edgeSpan), perInstance));
        }
        return edges;
    }

    /** How long the window's samples of these instances cover: the window, or less for a newcomer. */
    @GuardedBy("this")
    private long spanMillis(long now, List<String> instanceIds) {
        final long windowStart = now - window.toMillis();
        final long since = instanceIds.stream().map(reportingSince::get).filter(s -> s != null)
                                      .mapToLong(Long::longValue).min().orElse(windowStart);
        return Math.max(1, now - Math.max(windowStart, since));
    }

    @GuardedBy("this")
    private void prune(long now) {
        final long windowStart = now - window.toMillis();
        for (Iterator<Deque<Sample>> it = samples.values().iterator(); it.hasNext(); ) {
            final Deque<Sample> deque = it.next();
            while (!deque.isEmpty() && deque.peekFirst().receivedAt() < windowStart) {
                deque.removeFirst();
            }
            if (deque.isEmpty()) {
                it.remove();
            }
        }
        reportingSince.keySet().removeIf(id -> samples.keySet().stream().noneMatch(k -> k.instanceId().equals(id)));
    }

    private record Key(String source, String destination, String instanceId) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = source.compareTo(o.source);
            if (c == 0) {
                c = destination.compareTo(o.destination);
            }
            return c != 0 ? c : instanceId.compareTo(o.instanceId);
        }
    }

    private record Sample(long receivedAt, long requests, long successes, List<Double> bounds, List<Long> buckets) {}

    /**
     * Sums samples; latency from those with the bounds of the first one that has any (a mesh of one weft
     * version has one set of bounds; during an upgrade the others still count as requests).
     */
    private static final class Aggregate {
        private long requests;
        private long successes;
        @Nullable
        private LatencyHistogram latency;

        void add(Sample s) {
            requests += s.requests();
            successes += s.successes();
            if (latency == null) {
                latency = new LatencyHistogram(s.bounds());
            }
            if (latency.bounds().equals(s.bounds())) {
                latency.add(s.buckets());
            }
        }

        Stats stats(long spanMillis) {
            final double rps = requests * 1000.0 / spanMillis;
            if (requests == 0) {
                return new Stats(0, rps, null, null, null, null);
            }
            final LatencyHistogram l = requireNonNull(latency, "latency");
            return new Stats(requests, rps, (double) successes / requests, l.quantile(QUANTILES[0]),
                             l.quantile(QUANTILES[1]), l.quantile(QUANTILES[2]));
        }
    }
}
