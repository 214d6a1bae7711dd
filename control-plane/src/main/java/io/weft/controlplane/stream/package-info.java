/**
 * The sidecar stream ({@code weft.mesh.v1.MeshDiscovery/Stream}).
 *
 * <pre>
 * 1. MeshDiscoveryService.stream(): a SidecarSession per stream, bound to the request's event loop;
 *    the session keeps the stream's bookkeeping and hands each concern to its own class
 * 2. Hello: HelloAuthenticator (BootstrapTokens, constant time) -> UNAUTHENTICATED / INVALID_ARGUMENT,
 *    or the session's identity; it joins the SessionRegistry and its Subscription picks the full state:
 *    TrustBundle, Endpoints per subscribed service, Intentions
 * 3. CertificateRequest: CertificateIssuer (MeshCa.issue on the blocking executor) -> Certificate, or
 *    PERMISSION_DENIED / INVALID_ARGUMENT from the CA's typed reason (StreamErrors)
 * 4. SnapshotCache change (watcher thread) -> SessionRegistry builds each changed resource once
 *    (ChangeMessages) -> on each session's event loop its Subscription picks what concerns it (never
 *    blocking the watcher)
 * 5. SendQueue: one pending message per resource (latest value wins), written only while the transport
 *    is ready (ServerCallStreamObserver isReady/onReadyHandler), so a sidecar that stops reading holds
 *    at most one message per resource and delays nobody
 * 6. AckTracker: sent / ACKed / NACKed version per resource, for the status API
 * 7. KeepaliveTimer: Keepalive every interval; a sidecar silent for three intervals gets UNAVAILABLE
 * 8. after the full state, TrafficReporting asks the sidecar for summaries; each TrafficSummary goes to
 *    the TrafficSink (traffic.TrafficWindow) with the sender's authenticated service and instance
 * </pre>
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane.stream;

import io.weft.common.annotation.NonNullByDefault;
