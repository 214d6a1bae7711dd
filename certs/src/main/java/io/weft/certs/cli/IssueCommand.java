package io.weft.certs.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.weft.certs.CertificateAuthority;
import io.weft.certs.IssuedCertificate;
import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code certs issue}: sign a CSR with the CA in a directory. */
@Command(name = "issue", sortOptions = false,
         header = "check a CSR and issue a leaf certificate for a service",
         description = "Checks the request as the control plane does (signature, key, exactly one SPIFFE ID " +
                         "of this trust domain and datacenter, naming --service) and prints the chain, leaf " +
                         "first, as PEM (or writes it to --out).")
final class IssueCommand extends CertsCommand {

    @Option(names = "--csr", paramLabel = "FILE", required = true, description = "the PEM certificate request")
    private Path csr = Path.of("");

    @Option(names = "--service", paramLabel = "NAME", required = true,
            description = "the service the requester is entitled to")
    private String service = "";

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "24h", description = "leaf lifetime, 10s to 7d")
    private Duration ttl = Duration.ZERO;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
            description = "the CA directory written by 'certs init'")
    private Path dir = Path.of(".");

    @Option(names = "--out", paramLabel = "FILE", description = "write the chain here instead of stdout")
    @Nullable
    private Path out;

    @Override
    int run(PrintWriter stdout) throws Exception {
        final String request = Files.readString(csr, StandardCharsets.US_ASCII);
        final CertificateAuthority ca = CertificateAuthority.load(dir);
        final IssuedCertificate issued = ca.issue(request, service, ttl);
        if (out == null) {
            stdout.print(issued.chainPem());
        } else {
            Files.writeString(out, issued.chainPem(), StandardCharsets.US_ASCII);
            stdout.println("Wrote " + issued.spiffeId() + " (valid until " + issued.notAfter() + ") to " + out);
        }
        return 0;
    }
}
