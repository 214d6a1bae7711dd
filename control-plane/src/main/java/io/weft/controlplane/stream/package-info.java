/**
 * The sidecar stream ({@code weft.mesh.v1.MeshDiscovery/Stream}).
 *
 * <pre>
 * 1. MeshDiscoveryService.stream(): a SidecarSession per stream, bound to the request's event loop
 * 2. Hello: BootstrapTokens (constant time) -> UNAUTHENTICATED, or the session joins the SessionRegistry
 *    and queues its full state: TrustBundle, Endpoints per subscribed service, Intentions
 * 3. CertificateRequest: MeshCa.issue on the blocking executor -> Certificate, or
 *    PERMISSION_DENIED / INVALID_ARGUMENT from the CA's typed reason (StreamErrors)
 * 4. SnapshotCache change (watcher thread) -> SessionRegistry builds each changed resource once ->
 *    every interested session queues it on its event loop (never blocking the watcher)
 * 5. Each session keeps one pending message per resource (latest value wins) and writes them only
 *    while the transport is ready (ServerCallStreamObserver isReady/onReadyHandler), so a sidecar that
 *    stops reading holds at most one message per resource and delays nobody
 * 6. Ack: sent / ACKed / NACKed version per resource; Keepalive both ways, silent sidecars dropped
 * </pre>
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane.stream;

import io.weft.common.annotation.NonNullByDefault;
