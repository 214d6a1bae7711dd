/**
 * The control plane's HTTP side (port 15014): {@code GET /api/v1/mesh} (the snapshot, its staleness and
 * the connected sidecars: {@link io.weft.controlplane.api.MeshStatus}, a record Jackson writes),
 * {@code GET /api/v1/traffic} (golden metrics per edge over the last minute, from
 * {@code traffic.TrafficWindow}), {@code /ui} (the dashboard: static files from the jar that poll both),
 * {@code /healthz}, {@code /readyz} (ready once the first snapshot is
 * built and the CA is loaded), {@code /metrics} (Prometheus) and {@code /docs}. Read-only; every handler
 * only reads immutable snapshots, concurrent maps or the briefly locked traffic window, so it is safe on
 * the event loop.
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane.api;

import io.weft.common.annotation.NonNullByDefault;
