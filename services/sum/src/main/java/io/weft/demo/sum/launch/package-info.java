/**
 * What both demo apps share to run as a process; {@code hello} reuses it through its dependency on this
 * module, so the two apps read flags, print help and shut down the same way.
 *
 * <p>Data flow at start-up:
 * <ol>
 *   <li>The app's picocli options class ({@code SumOptions}, {@code HelloOptions}), run by
 *       {@link io.weft.common.cli.Cli}, reads {@code --flags}, then {@code WEFT_<OPTION>} environment
 *       variables, then each option's default; {@link io.weft.demo.sum.launch.ServerOptions} is the mixin
 *       of the options both apps have. {@code --help} prints them (exit 0); a value of the wrong type is
 *       reported by picocli (exit 2).</li>
 *   <li>The options class turns the values into the app's config record, checked with {@link
 *       io.weft.demo.sum.launch.Values}; a bad value is an {@link IllegalArgumentException} naming the
 *       option, the value and what was expected (exit 2).</li>
 *   <li>{@link io.weft.demo.sum.launch.Launcher} starts the server, logs one line with the bound address,
 *       and on SIGTERM/SIGINT stops it gracefully; the process exits 0.</li>
 * </ol>
 * {@link io.weft.demo.sum.launch.InstanceHeader} stamps {@code x-weft-instance} on every response.
 */
@NonNullByDefault
package io.weft.demo.sum.launch;

import io.weft.common.annotation.NonNullByDefault;
