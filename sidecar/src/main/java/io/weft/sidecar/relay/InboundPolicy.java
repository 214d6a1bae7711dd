package io.weft.sidecar.relay;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.Drain;
import io.weft.sidecar.inbound.Authorization;
import io.weft.sidecar.inbound.RelayedPeer;
import io.weft.sidecar.metrics.RelayedRequests;
import io.weft.sidecar.observability.HopObservation;
import io.weft.sidecar.transcoding.GrpcJsonTranscoder;

/**
 * What the Netty front needs for every stream, shared by all of them: the transport-independent policy
 * the Armeria inbound path applies too (drain, tracing and access logs, request metrics, the listener's
 * timeout for the deadline, authorization, transcoding), and where a stream goes — the app, when it speaks
 * gRPC and the stream is gRPC or a unary JSON call the front transcodes, or the private Armeria listener,
 * with the verified caller vouched for by {@link RelayedPeer}.
 *
 * @param service this sidecar's service, the inbound hop's "upstream" in spans and access logs
 * @param observation tracing and access logs, recorded for relayed streams as the Armeria layer records them
 * @param grpcApp the gRPC app, called over h2c; null for an {@code http} app, whose streams all go to Armeria
 * @param appAuthority the {@code :authority} the app is called with, {@code host:port}
 * @param appTarget how failures name the app, as the Armeria inbound rescue does
 * @param transcoder the gRPC app's JSON transcoder, whose common case — a unary JSON call — the front serves
 *     itself; null for an {@code http} app
 * @param armeria the private Armeria inbound listener (plain, loopback) for everything else
 */
public record InboundPolicy(String service, Drain drain, HopObservation observation, RelayedRequests requests,
                            Duration listenerTimeout,
                            Authorization authorization, @Nullable InetSocketAddress grpcApp, String appAuthority,
                            String appTarget, @Nullable GrpcJsonTranscoder transcoder, InetSocketAddress armeria,
                            RelayedPeer relayed) {}
