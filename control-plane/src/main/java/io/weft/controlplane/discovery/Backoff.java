package io.weft.controlplane.discovery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with jitter: the n-th consecutive error waits 50-100% of min(max, initial * 2^(n-1)). */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        initialMillis = initial.toMillis();
        maxMillis = max.toMillis();
        this.random = random;
    }

    long delayMillis(int consecutiveErrors) {
        final int shift = Math.min(Math.max(consecutiveErrors - 1, 0), 30);
        final long ceiling = Math.min(maxMillis, initialMillis << shift);
        return (long) (ceiling * (0.5 + 0.5 * random.getAsDouble()));
    }
}
