/**
 * The {@code certs} command-line tool (fat jar {@code certs/target/certs.jar}, main class
 * {@link io.weft.certs.cli.CertsMain}), run through {@link io.weft.common.cli.Cli}. Each sub-command is one
 * picocli {@code @Command} class whose annotated fields are its options and defaults; it calls the
 * {@link io.weft.certs} API and prints. {@code init} writes a CA directory, {@code csr} plays the sidecar,
 * {@code issue} plays the control plane, {@code verify} runs the sidecar's peer check, {@code inspect}
 * describes PEM files and {@code rotate} starts or finishes a root rotation. A mistake on the command line
 * exits 2 (picocli reports it); a failure afterwards exits 1 with one line ({@code CertsCommand}).
 */
@NonNullByDefault
package io.weft.certs.cli;

import io.weft.common.annotation.NonNullByDefault;
