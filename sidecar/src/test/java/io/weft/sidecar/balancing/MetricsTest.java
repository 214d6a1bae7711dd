package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class MetricsTest {

    @Test
    void countersAndGaugesFollowTheCluster() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Fixture f = Fixture.equal(ClusterPolicy.builder().consecutiveFailures(1).build(), 2)) {
            f.cluster.bindTo(registry);
            f.backend(0).behave(Backend.UNAVAILABLE_503);
            for (int i = 0; i < 4; i++) {
                assertThat(f.get().status().code()).isEqualTo(200);
            }
            assertThat(count(registry, "weft.upstream.requests")).isEqualTo(4);
            assertThat(count(registry, "weft.upstream.retries")).isEqualTo(1);
            assertThat(count(registry, "weft.upstream.ejections")).isEqualTo(1);
            assertThat(count(registry, "weft.upstream.retry.budget.exhausted")).isZero();
            assertThat(registry.get("weft.upstream.endpoints").tag("upstream", "test").gauge().value())
                    .isEqualTo(2);
            assertThat(registry.get("weft.upstream.endpoints.ejected").gauge().value()).isEqualTo(1);
        }
    }

    private static double count(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("upstream", "test").functionCounter().count();
    }
}
