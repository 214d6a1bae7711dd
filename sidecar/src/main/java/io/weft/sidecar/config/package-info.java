/**
 * Configuration: {@link io.weft.sidecar.config.SidecarOptions}, the sidecar's command line (every flag,
 * its {@code WEFT_<OPTION>} variable and its one default, printed by {@code --help}), turns flags and
 * environment into {@link io.weft.sidecar.config.SidecarConfig}, immutable and validated when built.
 */
@NonNullByDefault
package io.weft.sidecar.config;

import io.weft.common.annotation.NonNullByDefault;
