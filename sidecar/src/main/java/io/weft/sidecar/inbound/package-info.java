/**
 * The inbound side (mTLS listener, default port 21000), in request order:
 * <pre>
 * caller --mTLS (chain verified in the handshake, tls.OneSidedTrustManager#inbound)-->
 *   1. PeerIdentityService   caller's SPIFFE ID from ctx.sslSession(); identity headers reset
 *   2. AuthorizationService  first matching intention / default policy; deny = 403 or PERMISSION_DENIED
 *   3. transcoding           JSON/REST <-> gRPC for grpc apps (io.weft.sidecar.transcoding)
 *   4. AppForwarder          h2c/http1 to the app on loopback, streamed both ways, trailers intact
 * </pre>
 * The chain is assembled in {@code io.weft.sidecar.RequestPath}. Behind the Netty front
 * ({@code io.weft.sidecar.relay}) it serves on a private loopback listener and step 1 reads the caller the
 * front vouched for ({@code RelayedPeer}); the front's own gRPC relay asks the same {@code Authorization}
 * and resets headers with the same {@code IdentityHeaders}.
 */
@NonNullByDefault
package io.weft.sidecar.inbound;

import io.weft.common.annotation.NonNullByDefault;
