package io.weft.sidecar.balancing;

import io.weft.common.annotation.Nullable;

import java.time.Instant;

/**
 * A point-in-time view of one endpoint for the admin {@code /config} page.
 *
 * @param endpoint            the endpoint as last pushed
 * @param inFlight            attempts currently outstanding to it
 * @param consecutiveFailures failures in a row since its last success or ejection
 * @param ejected             whether it is ejected now
 * @param ejectedUntil        when the current or last ejection ends; {@code null} if never ejected
 * @param timesEjected        ejections so far (the multiplier of the base ejection time)
 */
public record EndpointStatus(UpstreamEndpoint endpoint, int inFlight, int consecutiveFailures,
                             boolean ejected, @Nullable Instant ejectedUntil, int timesEjected) {

    static EndpointStatus of(EndpointState s, long nowMillis) {
        final long until = s.ejectedUntilMillis;
        return new EndpointStatus(s.descriptor(), s.inFlight.get(), s.consecutiveFailures.get(),
                                  s.isEjected(nowMillis), until == 0 ? null : Instant.ofEpochMilli(until),
                                  s.timesEjected);
    }
}
