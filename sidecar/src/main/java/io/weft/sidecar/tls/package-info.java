/**
 * mTLS for both directions, driven by the state the control plane pushes.
 *
 * <pre>
 * identity.Credentials (volatile) --> MeshTlsProvider.keyPair()   : inbound server, per handshake
 *                                 \-> UpstreamTlsSpecs.specFor(s)  : outbound client, per request
 * MeshState.trustBundle (volatile) --> PeerTrust.verify(chain)      : both directions, per handshake
 *                                        -> certs.PeerVerifier; refusals counted by reason
 * </pre>
 * Inbound: the chain is verified during the handshake; the caller's SPIFFE ID is read afterwards from
 * {@code ctx.sslSession()}. Outbound: the server must be the destination service's SPIFFE ID.
 */
@NonNullByDefault
package io.weft.sidecar.tls;

import io.weft.common.annotation.NonNullByDefault;
