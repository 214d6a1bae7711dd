/**
 * A stand-in for a Consul agent's HTTP API, used where no Consul binary or Docker exists.
 *
 * <p>{@link io.weft.devmesh.consul.ConsulStandIn} wires three parts: the in-memory
 * {@code catalog} (state, indexes, watches), the {@code checks} runner (probes HTTP/TCP/gRPC,
 * expires TTLs, reaps), and the {@code endpoints} (Consul's HTTP API on an Armeria server).
 * A request flows endpoints → catalog; a change flows catalog → watches → parked blocking queries
 * and catalog → check runner; probe results flow check runner → catalog.
 */
@NonNullByDefault
package io.weft.devmesh.consul;

import io.weft.common.annotation.NonNullByDefault;
