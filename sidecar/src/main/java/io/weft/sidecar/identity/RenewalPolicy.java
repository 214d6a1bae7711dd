package io.weft.sidecar.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When to renew: at about half the certificate's lifetime, jittered by up to ±10 % of the lifetime so
 * a fleet issued at once does not renew at once. If a renewal gets no answer it is retried every
 * tenth of the lifetime (at least one second) until a new certificate arrives.
 */
public final class RenewalPolicy {
    private final DoubleSupplier random;

    /** @param random values in [0, 1); inject a fixed supplier in tests */
    public RenewalPolicy(DoubleSupplier random) {
        this.random = random;
    }

    /** @param received when the certificate arrived (its effective start) */
    public Instant renewAt(Instant received, Instant notAfter) {
        final long lifetimeMillis = Duration.between(received, notAfter).toMillis();
        final double fraction = 0.5 + (random.getAsDouble() - 0.5) * 0.2;
        return received.plusMillis((long) (lifetimeMillis * fraction));
    }

    public Duration retryInterval(Instant received, Instant notAfter) {
        final Duration tenth = Duration.between(received, notAfter).dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    }
}
