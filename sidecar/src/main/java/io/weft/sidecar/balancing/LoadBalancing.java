package io.weft.sidecar.balancing;

/** How a {@link UpstreamCluster} picks an endpoint among the healthy ones. */
public enum LoadBalancing {
    /**
     * Smooth weighted round robin (the nginx algorithm): over any window of {@code sum(weights)} picks
     * each endpoint gets exactly its weight's share, interleaved rather than in bursts. The default.
     */
    WEIGHTED_ROUND_ROBIN,
    /**
     * Least request with the power of two choices: pick two distinct random healthy endpoints and
     * take the one with fewer in-flight requests per unit of weight. Avoids slow endpoints without
     * the herd behaviour of always choosing the global minimum.
     */
    LEAST_REQUEST
}
