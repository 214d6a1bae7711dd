/**
 * The {@code certs} command-line tool (fat jar {@code certs/target/certs.jar}, main class
 * {@link io.weft.certs.cli.CertsMain}). Each sub-command is one class: parse arguments ({@code Args}),
 * call the {@link io.weft.certs} API, print. {@code init} writes a CA directory, {@code csr} plays the
 * sidecar, {@code issue} plays the control plane, {@code verify} runs the sidecar's peer check, {@code inspect}
 * describes PEM files and {@code rotate}
 * starts or finishes a root rotation.
 */
@NonNullByDefault
package io.weft.certs.cli;

import io.weft.common.annotation.NonNullByDefault;
