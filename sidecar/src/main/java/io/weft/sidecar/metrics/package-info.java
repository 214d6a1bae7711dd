/**
 * Metrics: the sidecar's meters, on one Prometheus registry served by {@code admin}, with the fixed set of
 * names, labels and buckets the README's Metrics table lists. Requests: {@code RequestMetricsService}, the
 * outermost layer of each listener, finds the request's {@code RequestSeries} (direction, upstream, peer) in
 * a {@code MetersByLabel} (one map lookup; at most 100 values per label, then {@code _other}) and records
 * into the series' timer for the response's {@code ResponseClass} (HTTP status class x gRPC code), registered
 * on the first response of that class. Also TLS handshake failures by reason, denials, certificate
 * seconds-to-expiry; retries, retry-budget exhaustion and ejections per upstream are bound to the same
 * registry by {@code balancing.ClusterMetrics}. {@code TrafficSummaries} reads the inbound timers back as
 * per-caller deltas for the control plane's traffic window (no second histogram on the request path).
 */
@NonNullByDefault
package io.weft.sidecar.metrics;

import io.weft.common.annotation.NonNullByDefault;
