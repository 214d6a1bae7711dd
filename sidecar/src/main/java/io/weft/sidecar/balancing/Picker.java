package io.weft.sidecar.balancing;

import java.util.List;

import io.weft.common.annotation.Nullable;

/** Picks one endpoint among candidates the cluster has already filtered (healthy, not yet tried). */
interface Picker {

    /**
     * Returns one of {@code candidates}, which is never empty and is {@code all} itself when nothing was
     * filtered out. {@code hash} is the request's hash key (only hash-based pickers read it; without one
     * they pick at random). Called concurrently from event loops.
     */
    EndpointState pick(List<EndpointState> candidates, List<EndpointState> all, @Nullable Long hash);

    static Picker of(Balancer balancer) {
        return switch (balancer.kind()) {
            case WEIGHTED_ROUND_ROBIN -> new SmoothWeightedRoundRobin();
            case LEAST_REQUEST -> new LeastRequest(balancer.choiceCount());
            case RANDOM -> new WeightedRandom();
            case RING_HASH -> new RingHash(balancer.minimumRingSize(), balancer.maximumRingSize());
            case MAGLEV -> new Maglev(Maglev.TABLE_SIZE);
        };
    }
}
