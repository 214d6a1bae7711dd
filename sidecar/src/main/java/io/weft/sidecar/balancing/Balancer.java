package io.weft.sidecar.balancing;

import static java.util.Objects.requireNonNull;

/**
 * A cluster's load balancing with its settings, as a Consul resolver's {@code LoadBalancer} gives them.
 * Immutable and validated; equal settings are equal values, so a cluster keeps its picker (and its state)
 * when the same policy is pushed again.
 *
 * @param kind            how endpoints are picked
 * @param choiceCount     {@link LoadBalancing#LEAST_REQUEST}: endpoints compared per pick; default 2
 * @param minimumRingSize {@link LoadBalancing#RING_HASH}: entries on the ring at least; default 1,024
 * @param maximumRingSize {@link LoadBalancing#RING_HASH}: entries on the ring at most; default 8,388,608
 *                        (Envoy's defaults, which Consul leaves in place)
 */
public record Balancer(LoadBalancing kind, int choiceCount, long minimumRingSize, long maximumRingSize) {

    public static final int DEFAULT_CHOICE_COUNT = 2;
    public static final long DEFAULT_MINIMUM_RING_SIZE = 1024;
    public static final long DEFAULT_MAXIMUM_RING_SIZE = 8 * 1024 * 1024;

    public Balancer {
        requireNonNull(kind, "kind");
        if (choiceCount < 2 || choiceCount > 100) {
            throw new IllegalArgumentException("choiceCount: " + choiceCount + " (expected: 2-100)");
        }
        if (minimumRingSize < 1 || minimumRingSize > DEFAULT_MAXIMUM_RING_SIZE) {
            throw new IllegalArgumentException("minimumRingSize: " + minimumRingSize +
                                               " (expected: 1-" + DEFAULT_MAXIMUM_RING_SIZE + ')');
        }
        if (maximumRingSize < minimumRingSize || maximumRingSize > DEFAULT_MAXIMUM_RING_SIZE) {
            throw new IllegalArgumentException("maximumRingSize: " + maximumRingSize + " (expected: " +
                                               minimumRingSize + '-' + DEFAULT_MAXIMUM_RING_SIZE + ')');
        }
    }

    /** {@code kind} with the default settings. */
    public static Balancer of(LoadBalancing kind) {
        return new Balancer(kind, DEFAULT_CHOICE_COUNT, DEFAULT_MINIMUM_RING_SIZE, DEFAULT_MAXIMUM_RING_SIZE);
    }

    /** Least request comparing {@code choiceCount} endpoints per pick (0: the default, 2). */
    public static Balancer leastRequest(long choiceCount) {
        return new Balancer(LoadBalancing.LEAST_REQUEST, choiceCount == 0 ? DEFAULT_CHOICE_COUNT
                                                                          : (int) Math.min(choiceCount, 101),
                            DEFAULT_MINIMUM_RING_SIZE, DEFAULT_MAXIMUM_RING_SIZE);
    }

    /** A ring of between {@code minimum} and {@code maximum} entries (0: the defaults). */
    public static Balancer ringHash(long minimum, long maximum) {
        final long min = minimum == 0 ? DEFAULT_MINIMUM_RING_SIZE : minimum;
        final long max = maximum == 0 ? Math.max(min, DEFAULT_MAXIMUM_RING_SIZE) : maximum;
        return new Balancer(LoadBalancing.RING_HASH, DEFAULT_CHOICE_COUNT, min, max);
    }
}
