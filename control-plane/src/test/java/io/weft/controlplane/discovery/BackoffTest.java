package io.weft.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumWithJitterBetweenHalfAndAll() {
        final Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.0);
        final Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 1.0);
        assertThat(low.delayMillis(1)).isEqualTo(50);
        assertThat(high.delayMillis(1)).isEqualTo(100);
        assertThat(high.delayMillis(2)).isEqualTo(200);
        assertThat(high.delayMillis(4)).isEqualTo(800);
        assertThat(high.delayMillis(5)).isEqualTo(1000);
        assertThat(high.delayMillis(500)).isEqualTo(1000);
        assertThat(low.delayMillis(500)).isEqualTo(500);
    }
}
