/**
 * Metrics: the sidecar's meters (requests by direction/upstream/peer/status with latency
 * histograms, TLS handshake failures by reason, denials, retries, ejections, certificate
 * seconds-to-expiry), registered on one Prometheus registry served by {@code admin}.
 */
package io.weft.sidecar.metrics;
