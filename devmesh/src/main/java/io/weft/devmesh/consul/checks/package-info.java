/**
 * Runs the checks registered with the stand-in, like a Consul agent does.
 *
 * <p>Data flow: {@link io.weft.devmesh.consul.catalog.Catalog} tells the
 * {@link io.weft.devmesh.consul.checks.CheckRunner} (its {@code CheckLifecycle}) when a check is
 * added, removed or its TTL refreshed. The runner schedules probes on its own small
 * {@code ScheduledExecutorService} (never an Armeria event loop): HTTP and gRPC probes go through an
 * Armeria {@code WebClient} asynchronously (HTTP probes, like Consul's, on a new connection each time);
 * TCP connects block, so they run on a separate probe executor. Each result goes back to {@code Catalog.reportCheck}, which bumps the index only when the
 * status changes, so blocking health queries wake exactly when health flips. TTL checks are timers
 * that expire to critical; a reaper deregisters services critical for longer than
 * {@code DeregisterCriticalServiceAfter}.
 */
@NonNullByDefault
package io.weft.devmesh.consul.checks;

import io.weft.common.annotation.NonNullByDefault;
