/**
 * The command-line layer every weft binary shares. Each binary's options are one picocli {@code @Command}
 * class whose {@code defaultValue}s are the only place its defaults are written; {@link io.weft.common.cli.Cli}
 * runs it with the shared {@link io.weft.common.cli.Durations} syntax and
 * {@link io.weft.common.cli.EnvironmentDefaults} ({@code --flag-name} = {@code WEFT_FLAG_NAME}).
 *
 * <p>One name per concept across binaries: {@code --shutdown-grace}, {@code --keepalive-interval},
 * {@code --default-intention}, {@code --consul}, {@code --control-plane}, {@code --state-dir},
 * {@code --instance-id}, {@code --trust-domain}, {@code --datacenter}, {@code --leaf-ttl}.
 */
@NonNullByDefault
package io.weft.common.cli;

import io.weft.common.annotation.NonNullByDefault;
