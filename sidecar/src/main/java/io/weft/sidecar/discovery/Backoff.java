package io.weft.sidecar.discovery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with "equal jitter": half the step fixed, half random, capped at {@code max}. */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private final DoubleSupplier random;

    public Backoff(Duration min, Duration max, DoubleSupplier random) {
        this.min = min;
        this.max = max;
        this.random = random;
    }

    /** The delay before attempt {@code attempt} (1 = the first retry). */
    public Duration delay(int attempt) {
        final long step = Math.min(max.toMillis(), min.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(step / 2 + (long) (random.getAsDouble() * (step / 2.0)));
    }
}
