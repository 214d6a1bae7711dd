/**
 * The {@code devmesh.jar} command line: {@link io.weft.devmesh.DevmeshMain} is a picocli command run
 * through {@code io.weft.common.cli.Cli} whose subcommands are the Consul stand-in ({@code consul}, and
 * {@code agent} for Consul's own dev-agent flags) and the launcher's {@code up}, {@code down},
 * {@code status} and {@code register}. Each subcommand's options are its own annotated class, and
 * its defaults are written there once.
 */
@NonNullByDefault
package io.weft.devmesh;

import io.weft.common.annotation.NonNullByDefault;
