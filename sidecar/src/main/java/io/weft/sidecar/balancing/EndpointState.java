package io.weft.sidecar.balancing;

import java.util.concurrent.atomic.AtomicInteger;

import com.linecorp.armeria.client.Endpoint;

import io.netty.util.AttributeKey;

/**
 * The live state of one endpoint: in-flight requests, failures in a row and ejection. One object per
 * instance for as long as the instance stays in the cluster; {@link UpstreamCluster#update} keeps it
 * across pushes. The Armeria {@link Endpoint} carries it as an attribute, so a decorator finds it
 * from {@code ctx.endpoint()} without a lookup.
 *
 * <p>Thread-safe: counters are atomic; ejection fields are written only under the
 * {@link OutlierDetector}'s lock and read without it; {@link #smoothWeight} belongs to
 * {@link SmoothWeightedRoundRobin}'s lock.
 */
final class EndpointState {

    static final AttributeKey<EndpointState> KEY =
            AttributeKey.valueOf(EndpointState.class, "STATE");

    private volatile UpstreamEndpoint descriptor;
    private volatile Endpoint endpoint;

    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger consecutiveFailures = new AtomicInteger();

    /** Epoch millis until which the endpoint is ejected; 0 when it never was. */
    volatile long ejectedUntilMillis;
    /** How many times it was ejected (the multiplier of the base ejection time). */
    volatile int timesEjected;

    /** Smooth weighted round robin's running weight; guarded by that picker's lock. */
    long smoothWeight;

    EndpointState(UpstreamEndpoint descriptor) {
        describe(descriptor);
    }

    /** Takes a new weight or zone pushed for the same instance. */
    void describe(UpstreamEndpoint descriptor) {
        this.descriptor = descriptor;
        endpoint = Endpoint.of(descriptor.host(), descriptor.port())
                           .withWeight(descriptor.weight())
                           .withAttr(KEY, this);
    }

    UpstreamEndpoint descriptor() {
        return descriptor;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    int weight() {
        return descriptor.weight();
    }

    boolean isEjected(long nowMillis) {
        return nowMillis < ejectedUntilMillis;
    }

    @Override
    public String toString() {
        return descriptor.instanceId() + '@' + descriptor.authority();
    }
}
