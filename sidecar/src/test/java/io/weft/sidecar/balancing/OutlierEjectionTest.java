package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class OutlierEjectionTest {

    /** No retries, so every failure reaches the caller and the counts are exact. */
    private static final ClusterPolicy NO_RETRIES = ClusterPolicy.builder().maxRetries(0).build();

    @Test
    void endpointAnswering503IsEjectedAvoidedAndComesBackAfterItsTime() {
        try (Fixture f = Fixture.equal(NO_RETRIES, 3)) {
            final Backend bad = f.backend(2);
            bad.behave(Backend.UNAVAILABLE_503);
            // Round robin sends it every third request: 5 failures within 15 requests.
            for (int i = 0; i < 15; i++) {
                f.get();
            }
            assertThat(bad.hits()).isEqualTo(5);
            assertThat(f.status(2).ejected()).isTrue();
            assertThat(f.status(2).timesEjected()).isEqualTo(1);
            assertThat(f.status(2).ejectedUntil()).isEqualTo(f.clock.instant().plusSeconds(30));
            assertThat(f.cluster.ejectionsTotal()).isEqualTo(1);

            f.resetHits();
            for (int i = 0; i < 30; i++) {
                assertThat(f.get().status().code()).isEqualTo(200);
            }
            assertThat(bad.hits()).isZero();

            // Not yet: one second short of the base ejection time.
            f.clock.advance(Duration.ofSeconds(29));
            f.get();
            f.get();
            assertThat(bad.hits()).isZero();

            f.clock.advance(Duration.ofSeconds(1));
            assertThat(f.status(2).ejected()).isFalse();
            for (int i = 0; i < 30; i++) {
                f.get();
            }
            // Back in rotation; still failing, so ejected again after 5 more, now for twice as long.
            assertThat(bad.hits()).isEqualTo(5);
            assertThat(f.status(2).ejected()).isTrue();
            assertThat(f.status(2).timesEjected()).isEqualTo(2);
            assertThat(f.status(2).ejectedUntil()).isAfter(f.clock.instant().plusSeconds(59));
            assertThat(f.cluster.ejectionsTotal()).isEqualTo(2);
        }
    }

    @Test
    void successResetsTheFailureCount() {
        try (Fixture f = Fixture.equal(NO_RETRIES, 1)) {
            for (int round = 0; round < 3; round++) {
                f.backend(0).behave(Backend.UNAVAILABLE_503);
                for (int i = 0; i < 4; i++) {
                    f.get();
                }
                f.backend(0).behave(Backend.OK);
                f.get();
            }
            assertThat(f.status(0).consecutiveFailures()).isZero();
            assertThat(f.cluster.ejectionsTotal()).isZero();
        }
    }

    @Test
    void stoppedEndpointIsEjected() {
        try (Fixture f = Fixture.equal(NO_RETRIES, 3)) {
            f.backend(1).stop();
            int failed = 0;
            for (int i = 0; i < 30; i++) {
                if (f.client.get("/").aggregate().handle((r, e) -> e != null).join()) {
                    failed++;
                }
                f.settle();
            }
            assertThat(failed).isEqualTo(5); // without retries, exactly the failures that eject it
            assertThat(f.status(1).ejected()).isTrue();
        }
    }

    @Test
    void neverEjectsMoreThanMaxEjectionPercent() {
        try (Fixture f = Fixture.equal(NO_RETRIES, 3)) {
            f.backend(0).behave(Backend.UNAVAILABLE_503);
            f.backend(1).behave(Backend.UNAVAILABLE_503);
            for (int i = 0; i < 60; i++) {
                f.get();
            }
            // 50 % of 3 is 1.5: one endpoint may be ejected, the other keeps failing and stays.
            assertThat(f.ejectedCount()).isEqualTo(1);
            assertThat(f.cluster.ejectionsTotal()).isEqualTo(1);
        }
    }

    @Test
    void atLeastOneEndpointAlwaysStays() {
        final ClusterPolicy all = NO_RETRIES.toBuilder().maxEjectionPercent(100).build();
        try (Fixture f = Fixture.equal(all, 2)) {
            f.backend(0).behave(Backend.UNAVAILABLE_503);
            f.backend(1).behave(Backend.UNAVAILABLE_503);
            for (int i = 0; i < 40; i++) {
                f.get();
            }
            assertThat(f.ejectedCount()).isEqualTo(1);
        }
    }

    @Test
    void ejectionGrowsButIsCapped() {
        final ClusterPolicy policy = NO_RETRIES.toBuilder()
                                               .consecutiveFailures(1)
                                               .baseEjectionTime(Duration.ofSeconds(10))
                                               .maxEjectionTime(Duration.ofSeconds(25))
                                               .build();
        try (Fixture f = Fixture.equal(policy, 2)) {
            f.backend(0).behave(Backend.UNAVAILABLE_503);
            final long[] expected = { 10, 20, 25, 25 };
            for (long seconds : expected) {
                while (!f.status(0).ejected()) {
                    f.get();
                }
                assertThat(f.status(0).ejectedUntil()).isEqualTo(f.clock.instant().plusSeconds(seconds));
                f.clock.advance(Duration.ofSeconds(seconds));
            }
            assertThat(f.status(0).timesEjected()).isEqualTo(4);
        }
    }

    @Test
    void ejectionStateSurvivesAnUpdateThatKeepsTheInstance() {
        try (Fixture f = Fixture.equal(NO_RETRIES, 3)) {
            f.backend(0).behave(Backend.UNAVAILABLE_503);
            for (int i = 0; i < 15; i++) {
                f.get();
            }
            assertThat(f.status(0).ejected()).isTrue();
            // The control plane pushes again, with a new weight for the ejected instance.
            f.cluster.update(java.util.List.of(f.backend(0).endpoint(5), f.backend(1).endpoint(),
                                               f.backend(2).endpoint()));
            assertThat(f.status(0).ejected()).isTrue();
            assertThat(f.status(0).endpoint().weight()).isEqualTo(5);
        }
    }
}
