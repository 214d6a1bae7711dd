package io.weft.sidecar.relay;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.weft.sidecar.Drain;
import io.weft.sidecar.metrics.RelayedRequests;
import io.weft.sidecar.observability.HopObservation;
import io.weft.sidecar.outbound.OutboundRouter;

/**
 * What the outbound front needs for every stream, shared by all of them: the transport-independent policy
 * the Armeria outbound path applies too (drain, request metrics, the listener's timeout for the deadline,
 * the body cap, the router's resolution of {@code :authority}, tracing and access logs), and where a stream goes — relayed to an
 * endpoint of the upstream, or to the private Armeria outbound listener.
 *
 * @param maxRequestBytes the largest HTTP request body relayed (a gRPC stream has no cap); larger ones get 413
 * @param observation tracing and access logs, recorded for relayed streams as the Armeria layer records them
 * @param armeria the private Armeria outbound listener (plain, loopback) for everything not relayed
 */
public record OutboundPolicy(Drain drain, RelayedRequests requests, Duration listenerTimeout,
                             long maxRequestBytes, OutboundRouter router, HopObservation observation,
                             InetSocketAddress armeria) {}
