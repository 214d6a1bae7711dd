package io.weft.sidecar.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weft.protocol.v1.EdgeTraffic;
import io.weft.protocol.v1.TrafficSummary;

/** Summaries read the inbound request timers as deltas per caller, in the timers' own buckets. */
class TrafficSummariesTest {

    private final SidecarMetrics metrics = new SidecarMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    private final MetersByLabel<RequestSeries> inbound = metrics.inboundRequests("sum");
    private final TrafficSummaries summaries =
            new TrafficSummaries(metrics, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void onlyWhatCompletedSinceThePreviousSummaryPerCaller() {
        assertThat(summaries.next()).as("idle: nothing to send").isNull();

        record("hello", 200, null, 0.3);   // bucket 0: <= 0.5 ms
        record("hello", 200, "0", 4);      // bucket 4: (3, 5] ms
        record("hello", 200, "14", 4);     // gRPC UNAVAILABLE: a failure
        record("hello", 503, null, 20_000); // above every bound
        record("gateway", 404, null, 1);   // 4xx counts as success, as linkerd does
        // Outbound requests are the upstream's to report (as its inbound), never this sidecar's.
        metrics.forwardedRequests(SidecarMetrics.DIRECTION_OUTBOUND, "self").get("sum")
               .timer(ResponseClass.of(200, null)).record(1, TimeUnit.MILLISECONDS);

        final TrafficSummary first = summaries.next();
        assertThat(first).isNotNull();
        assertThat(first.getLatencyBoundsMillisList()).hasSize(RequestSeries.BUCKETS.size()).startsWith(0.5, 1.0)
                                                      .endsWith(10_000.0);
        assertThat(first.getEdgesList()).extracting(EdgeTraffic::getSource, EdgeTraffic::getDestination)
                                        .containsExactly(org.assertj.core.groups.Tuple.tuple("gateway", "sum"),
                                                         org.assertj.core.groups.Tuple.tuple("hello", "sum"));
        final EdgeTraffic hello = first.getEdges(1);
        assertThat(hello.getRequests()).isEqualTo(4);
        assertThat(hello.getSuccesses()).isEqualTo(2);
        assertThat(hello.getLatencyBucketsList()).hasSize(RequestSeries.BUCKETS.size() + 1);
        assertThat(hello.getLatencyBuckets(0)).isEqualTo(1);
        assertThat(hello.getLatencyBuckets(4)).isEqualTo(2);
        assertThat(hello.getLatencyBuckets(RequestSeries.BUCKETS.size())).isEqualTo(1);
        assertThat(hello.getLatencyBucketsList().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
        assertThat(first.getEdges(0).getSuccesses()).isEqualTo(1);

        assertThat(summaries.next()).as("nothing new").isNull();

        record("hello", 200, null, 2);     // bucket 2: (1, 2] ms
        final TrafficSummary second = summaries.next();
        assertThat(second.getEdgesList()).hasSize(1);
        assertThat(second.getEdges(0).getRequests()).isEqualTo(1);
        assertThat(second.getEdges(0).getLatencyBucketsList())
                .isEqualTo(List.of(0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L));
    }

    private void record(String peer, int status, String grpcStatus, double millis) {
        inbound.get(peer).timer(ResponseClass.of(status, grpcStatus))
               .record(Math.round(millis * 1_000_000), TimeUnit.NANOSECONDS);
    }
}
