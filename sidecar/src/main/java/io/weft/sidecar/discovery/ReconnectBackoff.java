package io.weft.sidecar.discovery;

import java.time.Duration;

import com.linecorp.armeria.client.retry.Backoff;

/**
 * How the sidecar retries what it must eventually get: the control plane stream, its Consul registration.
 * Exponential from {@code min}, doubling up to {@code max}, with "equal jitter": the delay of each step
 * is between half the step and the whole step, so a fleet that lost the same server does not return at once.
 */
public final class ReconnectBackoff {

    /** {@link Backoff#nextDelayMillis(int)}: 1 is the first retry, {@code min / 2 .. min}. */
    public static Backoff of(Duration min, Duration max) {
        return Backoff.exponential(min.toMillis(), max.toMillis()).withJitter(-0.5, 0);
    }

    private ReconnectBackoff() {}
}
