/**
 * The listeners' fronts on Netty (issue 11, {@code --inbound-relay netty}, {@code --outbound-relay netty}): one
 * concern, carrying a hop's bytes cheaply while the per-request policy stays the one written elsewhere.
 * <pre>
 * caller --mTLS--> InboundFront (tls.InboundTls; SPIFFE ID once per connection; ALPN)
 *   h2:  each stream a RelayedStream, decided by its first HEADERS
 *          gRPC to a gRPC app: drain -> metrics -> deadline -> limits -> identity -> authorization
 *                              -> H2Upstream to the app (frames passed on, one flush per loop iteration)
 *          unary JSON to a gRPC app, routed by its transcoder: the same policy -> TranscodedCall (body
 *                              gathered, transcoding.UnaryJsonCall) -> one gRPC call on H2Upstream to the app
 *          anything else:      H2Upstream to the private Armeria inbound listener, caller vouched for
 *   http/1.1: Http1Pipe, the whole connection to the private Armeria inbound listener
 *
 * app --cleartext--> OutboundFront (the connection's first bytes)
 *   h2 preface: each stream an OutboundStream, decided by its first HEADERS
 *          gRPC to an upstream on its default chain: drain -> metrics -> deadline -> limits -> routing
 *                              -> retry -> balancing -> attempt -> UpstreamPool (mTLS H2Upstream per endpoint and connect timeout)
 *          anything else:      a pass-through RelayedStream to the private Armeria outbound listener
 *   other bytes: Http1Pipe#bytes, the whole connection to the private Armeria outbound listener
 * </pre>
 * The policy it calls is transport-independent: {@code Drain}, {@code metrics.RelayedRequests},
 * {@code deadline.Deadline#of}, {@code inbound.Authorization}, {@code inbound.IdentityHeaders},
 * {@code outbound.OutboundRouter#plainUpstream}, {@code balancing.RelayedAttempts},
 * {@code tls.UpstreamTlsSpecs#contextFor}, {@code failure.FailureResponses#answer},
 * {@code transcoding.UnaryJsonCall}. It is assembled in
 * {@code io.weft.sidecar.RequestPath}.
 */
@NonNullByDefault
package io.weft.sidecar.relay;

import io.weft.common.annotation.NonNullByDefault;
