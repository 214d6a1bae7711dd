/**
 * Metrics: the sidecar's meters (requests by direction/upstream/peer/status with latency
 * histograms, TLS handshake failures by reason, denials, certificate seconds-to-expiry), registered
 * on one Prometheus registry served by {@code admin}. Retries, retry-budget exhaustion and ejections
 * per upstream are bound to the same registry by {@code balancing.ClusterMetrics}.
 */
@NonNullByDefault
package io.weft.sidecar.metrics;

import io.weft.common.annotation.NonNullByDefault;
