/**
 * The one place where command-line flags and {@code WEFT_*} environment variables become a
 * {@link io.weft.controlplane.ControlPlaneConfig}. Flags win over the environment, which wins over defaults.
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane.config;

import io.weft.common.annotation.NonNullByDefault;
