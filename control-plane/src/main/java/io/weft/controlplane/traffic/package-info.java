/**
 * Golden metrics per edge, without Prometheus: sidecars send a {@code TrafficSummary} of their inbound
 * requests every few seconds on their stream (deltas per caller, with the latency buckets of their own
 * request timers); {@code TrafficWindow} keeps the last minute of them per (source, destination, instance)
 * and turns them into request rates, success rates and latency quantiles ({@code LatencyHistogram}) for
 * {@code /api/v1/traffic} and the dashboard.
 */
@NonNullByDefault
package io.weft.controlplane.traffic;

import io.weft.common.annotation.NonNullByDefault;
