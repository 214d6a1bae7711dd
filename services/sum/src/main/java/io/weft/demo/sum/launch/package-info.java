/**
 * What both demo apps share to run as a process; {@code hello} reuses it through its dependency on this
 * module, so the two apps parse flags, print help and shut down the same way.
 *
 * <p>Data flow at start-up:
 * <ol>
 *   <li>{@link io.weft.demo.sum.launch.CommandLine} reads {@code --flags}, then environment variables, then
 *       each {@link io.weft.demo.sum.launch.Option}'s default, into raw strings (flags win over env).</li>
 *   <li>The app's config record turns those strings into typed values with {@link
 *       io.weft.demo.sum.launch.Values}; any bad value is an {@link IllegalArgumentException} naming the
 *       option, the value and what was expected.</li>
 *   <li>{@link io.weft.demo.sum.launch.Launcher} prints {@code --help} or the error (exit 0 or 2), starts
 *       the server, logs one line with the bound address, and on SIGTERM/SIGINT stops it gracefully and
 *       exits 0.</li>
 * </ol>
 * {@link io.weft.demo.sum.launch.InstanceHeader} stamps {@code x-weft-instance} on every response.
 */
@NonNullByDefault
package io.weft.demo.sum.launch;

import io.weft.common.annotation.NonNullByDefault;
