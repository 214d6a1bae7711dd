/**
 * The weft control plane. {@link io.weft.controlplane.ControlPlane#start} wires the parts:
 *
 * <pre>
 *  Consul --(discovery: blocking queries on the blocking executor)--> snapshot.SnapshotCache
 *     SnapshotCache --(SnapshotChange, on the watcher thread)--> stream.SessionRegistry
 *     SessionRegistry --(per-session event loop, latest value wins)--> sidecars (TLS gRPC, stream port)
 *  sidecar CSR --> stream.SidecarSession --> stream.CertificateIssuer --(blocking executor)--> ca.MeshCa
 *  api (HTTP port): /api/v1/mesh /healthz /readyz /metrics /docs, reading the cache and the registry
 * </pre>
 * Threads: Armeria event loops (streams, HTTP), {@code weft-cp-blocking-*} (consul-api calls, intentions
 * parsing, CSR signing, key generation), {@code weft-cp-timer} (watch scheduling, server certificate
 * renewal). Nothing blocking runs on an event loop.
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane;

import io.weft.common.annotation.NonNullByDefault;
