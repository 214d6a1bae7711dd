/**
 * The one place where command-line flags and {@code WEFT_*} environment variables become a
 * {@link io.weft.controlplane.ControlPlaneConfig}: {@link io.weft.controlplane.config.ControlPlaneOptions},
 * a picocli command run through {@link io.weft.common.cli.Cli}. Flags win over the environment, which wins
 * over the defaults declared on the options (the only place they are written).
 */
@javax.annotation.ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.controlplane.config;

import io.weft.common.annotation.NonNullByDefault;
