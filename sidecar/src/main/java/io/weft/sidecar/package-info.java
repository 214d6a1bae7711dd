/**
 * The weft sidecar: one per service instance (or, in gateway mode, the mesh's edge).
 *
 * <pre>
 * config        SidecarOptions (flags/env, --help) -> SidecarConfig
 * discovery     control plane stream -> MeshState (immutable, swapped atomically); ACK/NACK
 * identity      own key pair, CSR, issued chain, renewal at ~half the lifetime
 * tls           TlsProvider / Netty context + trust manager (inbound), per-destination ClientTlsSpec (outbound)
 * inbound       TLS identity -> authorization -> [transcoding] -> the app on loopback
 * relay         the inbound port's Netty front: gRPC to a gRPC app relayed under the inbound policy,
 *               the rest passed to the inbound path above on a private loopback listener
 * outbound      :authority routing -> [retry -> load balancing] -> mTLS to the peer sidecar
 * gateway       edge listener: path prefix / Host -> the outbound path
 * routing       Upstreams registry, authority parsing, protocol-aware errors
 * admin         /healthz /readyz /metrics /config /certs (readiness text, JSON views as records)
 * registration  Consul self-registration (retried with backoff), the registered health check URL
 * metrics       the sidecar's meters
 * </pre>
 * {@link io.weft.sidecar.RequestPath} is the one place where the layers are put in order;
 * {@link io.weft.sidecar.Sidecar} owns the lifecycle and the threads.
 */
@NonNullByDefault
package io.weft.sidecar;

import io.weft.common.annotation.NonNullByDefault;
