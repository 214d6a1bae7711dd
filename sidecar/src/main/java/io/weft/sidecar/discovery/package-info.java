/**
 * Discovery: the control plane stream and the mesh state it feeds.
 *
 * <pre>
 * 0. ControlPlaneReplicas says where the replicas are (a host:port list, or the passing
 *    weft-control-plane instances in Consul); ReplicaRotation picks one (spread by instance ID)
 * 1. DiscoveryClient connects (TLS, trusting the bootstrap root CA) and sends Hello + CSR
 * 2. ControlMessage arrives on an event loop -> handed to the discovery scheduler thread
 * 3. ResourceDecoder (pure) turns it into values: certificate chain -> identity.IdentityManager.accept();
 *    trust bundle, endpoints, intentions -> a MeshState change -> MeshStateStore.update()
 *    (a new immutable MeshState, swapped atomically; listeners update endpoint groups, trust)
 * 4. ACK (or NACK with the reason) for every resource version
 * 5. TrafficReporting from the control plane -> TrafficReports sends a TrafficSummary (metrics.TrafficSummaries)
 *    every interval it asked for, while the stream lasts, none when idle
 * 6. stream breaks -> keep MeshState and the certificate; reconnect to the next replica at once;
 *    backoff + jitter only when no replica answers
 * </pre>
 */
@NonNullByDefault
package io.weft.sidecar.discovery;

import io.weft.common.annotation.NonNullByDefault;
