package io.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import com.linecorp.armeria.client.retry.Backoff;

/**
 * Timing of one blocking-query loop.
 *
 * @param queryWait the {@code wait} sent to Consul
 * @param minInterval the least time between the starts of two queries
 * @param errorBackoff the delay before retrying after the n-th consecutive error
 */
public record WatchSettings(Duration queryWait, Duration minInterval, Backoff errorBackoff) {

    public WatchSettings {
        requireNonNull(queryWait, "queryWait");
        requireNonNull(minInterval, "minInterval");
        requireNonNull(errorBackoff, "errorBackoff");
    }

    /** Settings whose errors back off by {@link #errorBackoff(Duration, Duration, Supplier)}. */
    public static WatchSettings of(Duration queryWait, Duration minInterval, Duration backoffInitial,
                                   Duration backoffMax) {
        return new WatchSettings(queryWait, minInterval,
                                 errorBackoff(backoffInitial, backoffMax, ThreadLocalRandom::current));
    }

    /**
     * The n-th consecutive error waits 50-100% of min(max, initial * 2^(n-1)): exponential, and jittered so
     * that many watches failing together do not retry together.
     */
    static Backoff errorBackoff(Duration initial, Duration max, Supplier<Random> random) {
        return Backoff.exponential(initial.toMillis(), max.toMillis()).withJitter(-0.5, 0, random);
    }
}
