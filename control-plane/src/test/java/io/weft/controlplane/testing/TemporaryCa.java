package io.weft.controlplane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.Pem;
import io.weft.common.annotation.Nullable;

/**
 * A mesh CA in a fresh temporary directory, deleted with everything in it on close. The control plane
 * creates its CA in {@link #directory()} on first start and loads it again on restart; an in-test control
 * plane {@linkplain #generate(String) generates} one in memory and writes its root here.
 */
public final class TemporaryCa extends AllOrEachExtension {

    @Nullable
    private Path directory;

    @Override
    protected void doStart() throws IOException {
        directory = Files.createTempDirectory("weft-test-ca");
    }

    /** The CA directory ({@code --ca-dir} of the control plane). */
    public Path directory() {
        return checkStarted(directory, "temporary CA");
    }

    /** {@code <directory>/root.pem}: the root certificate sidecars bootstrap with. */
    public Path rootPemFile() {
        return directory().resolve("root.pem");
    }

    /** A new CA for {@code trustDomain}, in memory; its root certificate is written to {@link #rootPemFile()}. */
    public CertificateAuthority generate(String trustDomain) {
        final CertificateAuthority ca = CertificateAuthority.generate(CaOptions.of(trustDomain));
        try {
            Files.writeString(rootPemFile(), Pem.certificateToPem(ca.rootCertificate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ca;
    }

    @Override
    protected void doClose() {
        final Path dir = directory;
        directory = null;
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
