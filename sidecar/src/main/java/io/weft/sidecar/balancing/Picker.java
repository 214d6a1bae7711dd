package io.weft.sidecar.balancing;

import java.util.List;

/** Picks one endpoint among candidates the cluster has already filtered (healthy, not yet tried). */
interface Picker {

    /** Returns one of {@code candidates}, which is never empty. Called concurrently from event loops. */
    EndpointState pick(List<EndpointState> candidates);

    static Picker of(LoadBalancing loadBalancing) {
        return switch (loadBalancing) {
            case WEIGHTED_ROUND_ROBIN -> new SmoothWeightedRoundRobin();
            case LEAST_REQUEST -> new PowerOfTwoLeastRequest();
        };
    }
}
