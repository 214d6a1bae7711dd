package io.weft.sidecar.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import io.weft.certs.Pem;

/**
 * The roots the sidecar trusts before the control plane sent a trust bundle: the {@code --bootstrap-ca-file}
 * that signed the control plane's own certificate. Read once at startup (file IO, before any event loop
 * runs), so a wrong path fails the start rather than every connect.
 */
public final class BootstrapTrust {

    /**
     * @throws IllegalArgumentException if the file holds no PEM certificate
     * @throws UncheckedIOException if it cannot be read
     */
    public static List<X509Certificate> readRoots(Path bootstrapCaFile) {
        try {
            final List<X509Certificate> roots = Pem.parseCertificates(Files.readString(bootstrapCaFile));
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("bootstrap-ca-file: " + bootstrapCaFile +
                                                   " (expected: at least one PEM certificate)");
            }
            return roots;
        } catch (IOException e) {
            throw new UncheckedIOException("bootstrap-ca-file: cannot read " + bootstrapCaFile, e);
        }
    }

    private BootstrapTrust() {}
}
