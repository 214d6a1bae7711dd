package io.weft.controlplane.stream;

import io.weft.protocol.v1.TrafficSummary;

/**
 * Where the traffic summaries of authenticated sidecars go. Called on the sending stream's event loop:
 * implementations must not block.
 */
@FunctionalInterface
public interface TrafficSink {
    /** {@code service} and {@code instanceId} are those of the sender's Hello, its identity verified. */
    void received(String service, String instanceId, TrafficSummary summary);
}
