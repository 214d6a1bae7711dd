/**
 * The inbound listener on Netty (issue 11, {@code --inbound-relay netty}): one concern, carrying the
 * inbound hop's bytes cheaply while the per-request policy stays the one written elsewhere.
 * <pre>
 * caller --mTLS--> InboundFront (tls.InboundTls; SPIFFE ID once per connection; ALPN)
 *   h2:  each stream a RelayedStream, decided by its first HEADERS
 *          gRPC to a gRPC app: drain -> metrics -> deadline -> limits -> identity -> authorization
 *                              -> H2Upstream to the app (frames passed on, one flush per loop iteration)
 *          anything else:      H2Upstream to the private Armeria inbound listener, caller vouched for
 *   http/1.1: Http1Pipe, the whole connection to the private Armeria inbound listener
 * </pre>
 * The policy it calls is transport-independent: {@code Drain}, {@code metrics.RelayedRequests},
 * {@code deadline.Deadline#of}, {@code inbound.Authorization}, {@code inbound.IdentityHeaders},
 * {@code failure.FailureResponses#answer}. It is assembled in {@code io.weft.sidecar.RequestPath}.
 */
@NonNullByDefault
package io.weft.sidecar.relay;

import io.weft.common.annotation.NonNullByDefault;
