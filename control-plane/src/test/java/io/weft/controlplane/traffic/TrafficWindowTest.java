package io.weft.controlplane.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.weft.controlplane.testing.ManualClock;
import io.weft.controlplane.traffic.EdgeStats.Stats;
import io.weft.protocol.v1.EdgeTraffic;
import io.weft.protocol.v1.TrafficSummary;

class TrafficWindowTest {

    private static final List<Double> BOUNDS = List.of(1.0, 10.0, 100.0);

    private final ManualClock clock = new ManualClock();
    private final TrafficWindow window = new TrafficWindow(Duration.ofSeconds(60), clock);

    @Test
    void summariesOfSeveralInstancesAddUpPerEdgeAndPerInstance() {
        clock.advance(Duration.ofSeconds(5));
        window.received("sum", "sum-1", summary(5_000, edge("hello", "sum", 10, 10, 0, 10, 0, 0)));
        window.received("sum", "sum-2", summary(5_000, edge("hello", "sum", 10, 8, 0, 0, 10, 0)));
        window.received("hello", "hello-1", summary(5_000, edge("gateway", "hello", 5, 5, 5, 0, 0, 0)));

        final List<EdgeStats> edges = window.edges();
        assertThat(edges).extracting(EdgeStats::source, EdgeStats::destination)
                         .containsExactly(org.assertj.core.groups.Tuple.tuple("gateway", "hello"),
                                          org.assertj.core.groups.Tuple.tuple("hello", "sum"));
        final EdgeStats helloSum = edges.get(1);
        final Stats total = helloSum.total();
        assertThat(total.requests()).isEqualTo(20);
        assertThat(total.rps()).isCloseTo(4.0, within(0.01)); // 20 requests over the 5 s reported
        assertThat(total.successRate()).isCloseTo(0.9, within(1e-9));
        // 10 in (1, 10], 10 in (10, 100]: the median is the top of the first, p99 near the top of the second.
        assertThat(total.p50Ms()).isCloseTo(10.0, within(1e-9));
        assertThat(total.p95Ms()).isCloseTo(10 + 90 * 0.9, within(1e-9));
        assertThat(total.p99Ms()).isCloseTo(10 + 90 * 0.98, within(1e-9));
        assertThat(helloSum.instances()).extracting(EdgeStats.InstanceStats::instanceId)
                                        .containsExactly("sum-1", "sum-2");
        assertThat(helloSum.instances().get(1).stats().successRate()).isCloseTo(0.8, within(1e-9));
        assertThat(helloSum.instances().get(0).stats().p99Ms()).isLessThanOrEqualTo(10.0);
        assertThat(edges.get(0).total().p50Ms()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void theRateIsOverTheWholeWindowOnceItIsFullAndOldSummariesLeaveIt() {
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofSeconds(5));
            window.received("sum", "sum-1", summary(5_000, edge("hello", "sum", 30, 30, 30, 0, 0, 0)));
        }
        assertThat(window.edges().get(0).total().rps()).isCloseTo(6.0, within(0.01));
        clock.advance(Duration.ofSeconds(30)); // idle: nothing sent, the summaries of 5 s..25 s age out
        assertThat(window.edges().get(0).total().requests()).isEqualTo(30 * 7);
        assertThat(window.edges().get(0).total().rps()).isCloseTo(3.5, within(0.01));
        clock.advance(Duration.ofSeconds(31));
        assertThat(window.edges()).isEmpty();
    }

    @Test
    void aSidecarReportsOnlyItsOwnServiceAndConsistentCounts() {
        window.received("sum", "sum-1", summary(5_000,
                edge("hello", "hello", 1, 1, 1, 0, 0, 0),        // not its service
                edge("hello", "sum", 1, 2, 1, 0, 0, 0),          // more successes than requests
                EdgeTraffic.newBuilder().setSource("x").setDestination("sum").setRequests(1)
                           .addLatencyBuckets(1).build(),       // one bucket for three bounds
                edge("gateway", "sum", 2, 2, 0, 2, 0, 0)));
        assertThat(window.edges()).extracting(EdgeStats::source).containsExactly("gateway");
    }

    @Test
    void summariesWithOtherBoundsCountAsRequestsButNotInLatency() {
        window.received("sum", "sum-1", summary(5_000, edge("hello", "sum", 4, 4, 0, 4, 0, 0)));
        window.received("sum", "sum-2", TrafficSummary.newBuilder().setEndUnixMillis(5_000)
                                                      .addLatencyBoundsMillis(1000)
                                                      .addEdges(EdgeTraffic.newBuilder().setSource("hello")
                                                                           .setDestination("sum").setRequests(6)
                                                                           .setSuccesses(6).addLatencyBuckets(0)
                                                                           .addLatencyBuckets(6)).build());
        final Stats total = window.edges().get(0).total();
        assertThat(total.requests()).isEqualTo(10);
        assertThat(total.p99Ms()).isLessThanOrEqualTo(10.0);
    }

    @Test
    void quantilesFollowHistogramQuantile() {
        final LatencyHistogram h = new LatencyHistogram(BOUNDS);
        assertThat(h.quantile(0.5)).isNull();
        h.add(List.of(0L, 0L, 0L, 4L)); // all above the highest bound: the highest bound
        assertThat(h.quantile(0.5)).isEqualTo(100.0);
        assertThatThrownBy(() -> h.add(List.of(1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: 4");
        assertThatThrownBy(() -> new TrafficWindow(Duration.ZERO, clock))
                .hasMessageContaining("window: PT0S (expected: > 0)");
    }

    private static TrafficSummary summary(long spanMillis, EdgeTraffic... edges) {
        return TrafficSummary.newBuilder().setStartUnixMillis(1_000).setEndUnixMillis(1_000 + spanMillis)
                             .addAllLatencyBoundsMillis(BOUNDS).addAllEdges(List.of(edges)).build();
    }

    private static EdgeTraffic edge(String source, String destination, long requests, long successes,
                                    long... buckets) {
        final EdgeTraffic.Builder b = EdgeTraffic.newBuilder().setSource(source).setDestination(destination)
                                                 .setRequests(requests).setSuccesses(successes);
        for (long count : buckets) {
            b.addLatencyBuckets(count);
        }
        return b.build();
    }
}
