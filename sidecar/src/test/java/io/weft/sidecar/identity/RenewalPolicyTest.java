package io.weft.sidecar.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RenewalPolicyTest {
    private static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = RECEIVED.plus(Duration.ofHours(24));

    @Test
    void renewsAtAboutHalfTheLifetimeWithinTheJitterBand() {
        assertThat(new RenewalPolicy(() -> 0.5).renewAt(RECEIVED, NOT_AFTER)).isEqualTo(RECEIVED.plus(Duration.ofHours(12)));
        assertThat(new RenewalPolicy(() -> 0.0).renewAt(RECEIVED, NOT_AFTER))
                .isEqualTo(RECEIVED.plus(Duration.ofMinutes((long) (24 * 60 * 0.4))));
        assertThat(new RenewalPolicy(() -> 0.999_999).renewAt(RECEIVED, NOT_AFTER))
                .isBefore(RECEIVED.plus(Duration.ofMinutes((long) (24 * 60 * 0.6))));
    }

    @Test
    void retriesEveryTenthOfTheLifetimeAtLeastEverySecond() {
        final RenewalPolicy policy = new RenewalPolicy(() -> 0.5);
        assertThat(policy.retryInterval(RECEIVED, NOT_AFTER)).isEqualTo(Duration.ofMinutes(144));
        assertThat(policy.retryInterval(RECEIVED, RECEIVED.plusSeconds(5))).isEqualTo(Duration.ofSeconds(1));
    }
}
