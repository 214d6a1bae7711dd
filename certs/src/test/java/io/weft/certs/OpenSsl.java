package io.weft.certs;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code openssl verify}, an independent verifier. A missing openssl fails the test with a message
 * saying how to get it (.ci/run installs it).
 */
final class OpenSsl {

    /** What openssl said. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs {@code openssl verify -x509_strict -purpose PURPOSE -attime AT -CAfile roots.pem
     * -untrusted untrusted.pem leaf.pem} in {@code dir}.
     */
    static Result verify(Path dir, List<X509Certificate> roots, List<X509Certificate> untrusted,
                         X509Certificate leaf, String purpose, Instant at) throws IOException, InterruptedException {
        final Path rootFile = write(dir.resolve("root.pem"), roots);
        final Path leafFile = write(dir.resolve("leaf.pem"), List.of(leaf));
        final List<String> command = new ArrayList<>(List.of(
                "openssl", "verify", "-x509_strict", "-purpose", purpose,
                "-attime", Long.toString(at.getEpochSecond()), "-CAfile", rootFile.toString()));
        if (!untrusted.isEmpty()) {
            command.add("-untrusted");
            command.add(write(dir.resolve("intermediate.pem"), untrusted).toString());
        }
        command.add(leafFile.toString());
        final Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("openssl is not on the PATH (" + e.getMessage() + "). The certs tests cross-check " +
                        "chains with it: install it (apt-get install openssl); .ci/run does this for CI.");
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return fail("openssl verify did not finish in 30 s: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static Path write(Path file, List<X509Certificate> certificates) throws IOException {
        return Files.writeString(file, Pem.certificatesToPem(certificates));
    }

    private OpenSsl() {}
}
