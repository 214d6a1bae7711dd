package io.weft.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.retry.Backoff;

class WatchSettingsTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(1000);

    @Test
    void errorBackoffDoublesUpToTheMaximumAndJitterTakesAtMostHalf() {
        // A random source that always draws the least jitter delay: exactly half of each step.
        final Backoff low = WatchSettings.errorBackoff(INITIAL, MAX, () -> new Random() {
            @Override
            public long nextLong() {
                return 0;
            }
        });
        assertThat(low.nextDelayMillis(1)).isEqualTo(50);
        assertThat(low.nextDelayMillis(2)).isEqualTo(100);
        assertThat(low.nextDelayMillis(4)).isEqualTo(400);
        assertThat(low.nextDelayMillis(5)).isEqualTo(500);
        assertThat(low.nextDelayMillis(500)).isEqualTo(500);

        // Any other draw lies between half and all of the step, and the whole range is used.
        final Random seeded = new Random(42);
        final Backoff jittered = WatchSettings.errorBackoff(INITIAL, MAX, () -> seeded);
        assertSpread(jittered, 1, 50, 100);
        assertSpread(jittered, 2, 100, 200);
        assertSpread(jittered, 4, 400, 800);
        assertSpread(jittered, 5, 500, 1000);
        assertSpread(jittered, 500, 500, 1000);
    }

    private static void assertSpread(Backoff backoff, int errors, long least, long most) {
        final LongSummaryStatistics delays =
                IntStream.range(0, 2000).mapToLong(i -> backoff.nextDelayMillis(errors)).summaryStatistics();
        final long spread = (most - least) / 20;
        assertThat(delays.getMin()).isBetween(least, least + spread);
        assertThat(delays.getMax()).isBetween(most - spread, most);
    }
}
