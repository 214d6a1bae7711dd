package io.weft.sidecar.balancing;

/**
 * How a {@link UpstreamCluster} picks an endpoint among the healthy ones. The first two are the
 * sidecar's own choices ({@code --least-request}); the others come from a Consul resolver's
 * {@code LoadBalancer} ({@link Balancer}).
 */
public enum LoadBalancing {
    /**
     * Smooth weighted round robin (the nginx algorithm): over any window of {@code sum(weights)} picks
     * each endpoint gets exactly its weight's share, interleaved rather than in bursts. The default, and
     * Consul's {@code round_robin}.
     */
    WEIGHTED_ROUND_ROBIN,
    /**
     * Least request over {@link Balancer#choiceCount()} random healthy endpoints (two by default: the
     * power of two choices): the one with fewer in-flight requests per unit of weight wins. Avoids slow
     * endpoints without the herd behaviour of always choosing the global minimum.
     */
    LEAST_REQUEST,
    /** A random healthy endpoint, in proportion to its weight (Consul's {@code random}). */
    RANDOM,
    /**
     * Consistent hashing on a ring (Consul's {@code ring_hash}, Karger et al.): a request's hash key
     * keeps it on one endpoint while the endpoint set is unchanged; adding one moves ~1/N of the keys.
     */
    RING_HASH,
    /**
     * Consistent hashing with a Maglev lookup table (Consul's {@code maglev}, Eisenbud et al.): as
     * {@link #RING_HASH}, with a fixed-size table and a more even spread.
     */
    MAGLEV;

    /** Whether a request's hash key decides the endpoint. */
    public boolean isHashBased() {
        return this == RING_HASH || this == MAGLEV;
    }
}
