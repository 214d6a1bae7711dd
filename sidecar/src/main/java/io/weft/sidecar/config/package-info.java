/**
 * Configuration: {@link io.weft.sidecar.config.SidecarConfig} (immutable, validated on build) and
 * {@link io.weft.sidecar.config.ConfigOptions}, the single place that turns flags and environment
 * variables into it and renders {@code --help} with every default.
 */
@NonNullByDefault
package io.weft.sidecar.config;

import io.weft.common.annotation.NonNullByDefault;
