package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ClusterPolicyTest {

    @Test
    void defaults() {
        final ClusterPolicy p = ClusterPolicy.ofDefault();
        assertThat(p.loadBalancing()).isEqualTo(LoadBalancing.WEIGHTED_ROUND_ROBIN);
        assertThat(p.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(p.consecutiveFailures()).isEqualTo(5);
        assertThat(p.baseEjectionTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.maxEjectionTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.maxEjectionPercent()).isEqualTo(50);
        assertThat(p.maxRetries()).isEqualTo(2);
        assertThat(p.maxTotalAttempts()).isEqualTo(3);
        assertThat(p.retryBudgetRatio()).isEqualTo(0.2);
        assertThat(p.retryBudgetMinPerSecond()).isEqualTo(10);
        assertThat(p.retryUnprocessedAnyMethod()).isTrue();
        assertThat(p.toBuilder().build()).isEqualTo(p);
    }

    @Test
    void rejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> ClusterPolicy.builder().consecutiveFailures(0).build())
                .hasMessage("consecutiveFailures: 0 (expected: >= 1)");
        assertThatThrownBy(() -> ClusterPolicy.builder().baseEjectionTime(Duration.ZERO).build())
                .hasMessage("baseEjectionTime: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ClusterPolicy.builder().maxEjectionTime(Duration.ofSeconds(1)).build())
                .hasMessage("maxEjectionTime: PT1S (expected: >= baseEjectionTime PT30S)");
        assertThatThrownBy(() -> ClusterPolicy.builder().maxEjectionPercent(101).build())
                .hasMessage("maxEjectionPercent: 101 (expected: 0-100)");
        assertThatThrownBy(() -> ClusterPolicy.builder().maxRetries(-1).build())
                .hasMessage("maxRetries: -1 (expected: 0-10)");
        assertThatThrownBy(() -> ClusterPolicy.builder().requestTimeout(Duration.ofSeconds(-1)).build())
                .hasMessage("requestTimeout: PT-1S (expected: >= 0)");
        assertThatThrownBy(() -> ClusterPolicy.builder().retryBudget(1.5, 10, Duration.ofSeconds(10)).build())
                .hasMessage("retryBudgetRatio: 1.5 (expected: 0.0-1.0)");
        assertThatThrownBy(() -> ClusterPolicy.builder().retryBudget(0.2, 10, Duration.ofMillis(1500)).build())
                .hasMessage("retryBudgetWindow: PT1.5S (expected: whole seconds, 1s-1h)");
        assertThatThrownBy(() -> ClusterPolicy.builder().loadBalancing(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("loadBalancing");
    }

    @Test
    void upstreamEndpointValidation() {
        assertThat(UpstreamEndpoint.of("sum-1", "10.0.0.1", 21000).authority()).isEqualTo("10.0.0.1:21000");
        assertThat(UpstreamEndpoint.of("sum-1", "::1", 21000).authority()).isEqualTo("[::1]:21000");
        assertThatThrownBy(() -> UpstreamEndpoint.of("sum-1", "10.0.0.1", 0))
                .hasMessage("port: 0 (expected: 1-65535)");
        assertThatThrownBy(() -> new UpstreamEndpoint("sum-1", "10.0.0.1", 1, 0, ""))
                .hasMessage("weight: 0 (expected: 1-65535)");
        assertThatThrownBy(() -> UpstreamEndpoint.of(" ", "10.0.0.1", 1))
                .hasMessage("instanceId: ' ' (expected: not blank)");
    }

    @Test
    void clusterRejectsTwoEndpointsAtOneAddress() {
        try (UpstreamCluster c = UpstreamCluster.of("sum", ClusterPolicy.ofDefault())) {
            assertThatThrownBy(() -> c.update(java.util.List.of(UpstreamEndpoint.of("a", "10.0.0.1", 1),
                                                                UpstreamEndpoint.of("b", "10.0.0.1", 1))))
                    .hasMessage("sum: duplicate endpoint address 10.0.0.1:1 " +
                                "(expected: one instance per host and port)");
            assertThat(c.endpointStatuses()).isEmpty();
        }
    }
}
