/**
 * The control plane's meters (Micrometer, exposed for Prometheus at {@code /metrics}). Components report
 * events here; gauges read the snapshot cache, the discovery watches and the session registry.
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane.metrics;

import io.weft.common.annotation.NonNullByDefault;
