package io.weft.sidecar.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.retry.Backoff;

class ReconnectBackoffTest {

    @Test
    void reconnectBackoffGrowsWithJitterUpToTheCap() {
        final Backoff backoff = ReconnectBackoff.of(Duration.ofMillis(100), Duration.ofSeconds(2));
        // Equal jitter: each delay lies between half its step and the whole step; the step doubles up to max.
        assertSpread(backoff, 1, 50, 100);
        assertSpread(backoff, 3, 200, 400);
        assertSpread(backoff, 30, 1000, 2000);
    }

    private static void assertSpread(Backoff backoff, int attempt, long low, long high) {
        final LongSummaryStatistics delays = IntStream.range(0, 2000).mapToLong(i -> backoff.nextDelayMillis(attempt))
                                                      .summaryStatistics();
        assertThat(delays.getMin()).as("attempt %d", attempt).isBetween(low, low + (high - low) / 10);
        assertThat(delays.getMax()).as("attempt %d", attempt).isBetween(high - (high - low) / 10, high);
    }
}
