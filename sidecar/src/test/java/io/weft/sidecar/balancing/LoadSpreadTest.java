package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
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
                await().until(() -> f.status(1).inFlight() == 0);
                final int before = busy.hits();
                final var res = f.client.get("/").aggregate();
                await().until(() -> res.isDone() || busy.hits() > before);
            }
            // Only a tie (both idle) can send a request to the busy endpoint; after the first it never is.
            assertThat(busy.hits()).isLessThanOrEqualTo(1);
            assertThat(f.backend(1).hits()).isGreaterThanOrEqualTo(49);
            busy.release();
            await().until(() -> f.status(0).inFlight() == 0);
        }
    }
}
