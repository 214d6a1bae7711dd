package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.endpoint.EndpointGroupException;
import com.linecorp.armeria.common.util.Exceptions;

class LoadSpreadTest {

    @Test
    void threeEqualEndpointsShareWithinTenPercent() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 3)) {
            for (int i = 0; i < 600; i++) {
                assertThat(f.client.get("/").aggregate().join().status().code()).isEqualTo(200);
            }
            for (Backend b : f.backends) {
                assertThat(b.hits()).as(b.id()).isBetween(180, 220);
            }
        }
    }

    @Test
    void weightsAreRespected() {
        try (Fixture f = Fixture.start(ClusterPolicy.ofDefault(), 1, 2, 3)) {
            for (int i = 0; i < 600; i++) {
                f.client.get("/").aggregate().join();
            }
            assertThat(f.backend(0).hits()).isBetween(90, 110);
            assertThat(f.backend(1).hits()).isBetween(180, 220);
            assertThat(f.backend(2).hits()).isBetween(270, 330);
        }
    }

    @Test
    void leastRequestAvoidsTheBusyEndpoint() {
        final ClusterPolicy policy = ClusterPolicy.builder().loadBalancing(LoadBalancing.LEAST_REQUEST).build();
        try (Fixture f = Fixture.equal(policy, 2)) {
            final Backend busy = f.backend(0);
            busy.hold();
            for (int i = 0; i < 50; i++) {
                // Wait for the idle endpoint's previous request to be accounted as finished.
                Fixture.waitUntil(() -> f.status(1).inFlight() == 0);
                final int before = busy.hits();
                final var res = f.client.get("/").aggregate();
                Fixture.waitUntil(() -> res.isDone() || busy.hits() > before);
            }
            // Only a tie (both idle) can send a request to the busy endpoint; after the first it never is.
            assertThat(busy.hits()).isLessThanOrEqualTo(1);
            assertThat(f.backend(1).hits()).isGreaterThanOrEqualTo(49);
            busy.release();
            Fixture.waitUntil(() -> f.status(0).inFlight() == 0);
        }
    }

    @Test
    void updateSwapsTheEndpointSet() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 3)) {
            f.cluster.update(List.of(f.backend(0).endpoint()));
            for (int i = 0; i < 10; i++) {
                f.get();
            }
            assertThat(f.backend(0).hits()).isEqualTo(10);
            assertThat(f.cluster.endpointStatuses()).hasSize(1);

            f.cluster.update(List.of(f.backend(1).endpoint(), f.backend(2).endpoint()));
            f.resetHits();
            for (int i = 0; i < 10; i++) {
                f.get();
            }
            assertThat(f.backend(0).hits()).isZero();
            assertThat(f.backend(1).hits()).isEqualTo(5);
            assertThat(f.backend(2).hits()).isEqualTo(5);
            assertThat(f.cluster.endpointGroup().endpoints()).hasSize(2);
        }
    }

    @Test
    void emptyClusterFailsAfterTheWaitTimeout() {
        final ClusterPolicy policy = ClusterPolicy.builder().endpointWaitTimeout(Duration.ofMillis(10)).build();
        try (Fixture f = Fixture.equal(policy, 1)) {
            f.cluster.update(List.of());
            final Throwable cause = f.client.get("/").aggregate().handle((r, e) -> e).join();
            // Armeria reports a failed selection as unprocessed; there is nothing to retry it on.
            assertThat(Exceptions.peel(cause)).isInstanceOf(UnprocessedRequestException.class)
                                              .hasCauseInstanceOf(EndpointGroupException.class);
            assertThat(f.cluster.retriesTotal()).isZero();
            assertThat(f.backend(0).hits()).isZero();
        }
    }
}
