package io.weft.sidecar.routing;

import java.util.List;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.balancing.EndpointStatus;

/**
 * One upstream as the admin {@code /config} shows it: the pushed version, the balancing, and each endpoint
 * with its ejection state.
 */
public record UpstreamView(@Nullable Long version, String loadBalancing, List<Endpoint> endpoints) {

    /** One endpoint; {@code ejectedUntil} is {@code null} if it was never ejected. */
    public record Endpoint(String instanceId, String address, int weight, int inFlight, int consecutiveFailures,
                           boolean ejected, @Nullable String ejectedUntil, int timesEjected) {
        static Endpoint of(EndpointStatus s) {
            return new Endpoint(s.endpoint().instanceId(), s.endpoint().authority(), s.endpoint().weight(),
                                s.inFlight(), s.consecutiveFailures(), s.ejected(),
                                s.ejectedUntil() == null ? null : s.ejectedUntil().toString(), s.timesEjected());
        }
    }
}
