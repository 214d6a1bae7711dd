/**
 * Control-plane scale: {@link io.weft.bench.scale.SimulatedSidecar} streams (Hello only, keepalives, no CSR)
 * over a few shared TLS connections, a churn loop against Consul, and {@link io.weft.bench.scale.ChurnTracker}
 * timing each change to its last subscriber; {@link io.weft.bench.scale.ProcessStats} reads the control
 * plane's RSS, CPU and heap.
 */
@NonNullByDefault
package io.weft.bench.scale;

import io.weft.common.annotation.NonNullByDefault;
