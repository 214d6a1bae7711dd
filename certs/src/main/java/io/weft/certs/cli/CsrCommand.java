package io.weft.certs.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.KeyPairs;
import io.weft.certs.Pem;
import io.weft.certs.SpiffeId;
import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code certs csr}: make a key and a request, as a sidecar does (for trying {@code issue} by hand). */
@Command(name = "csr", sortOptions = false,
         header = "make an EC P-256 key and a CSR for a service, as a sidecar does")
final class CsrCommand extends CertsCommand {

    @Option(names = "--service", paramLabel = "NAME", required = true, description = "the service")
    private String service = "";

    @Option(names = "--key-out", paramLabel = "FILE", required = true,
            description = "where to write the private key, mode 0600 (never overwritten)")
    private Path keyOut = Path.of("");

    @Option(names = "--out", paramLabel = "FILE", description = "write the CSR here instead of stdout")
    @Nullable
    private Path out;

    @Option(names = "--trust-domain", paramLabel = "NAME", defaultValue = CaOptions.DEFAULT_TRUST_DOMAIN,
            description = "SPIFFE trust domain")
    private String trustDomain = CaOptions.DEFAULT_TRUST_DOMAIN;

    @Option(names = "--datacenter", paramLabel = "NAME", defaultValue = CaOptions.DEFAULT_DATACENTER,
            description = "datacenter of the service")
    private String datacenter = CaOptions.DEFAULT_DATACENTER;

    @Option(names = "--namespace", paramLabel = "NAME", defaultValue = SpiffeId.DEFAULT_NAMESPACE,
            description = "namespace of the service")
    private String namespace = SpiffeId.DEFAULT_NAMESPACE;

    @Override
    int run(PrintWriter stdout) throws Exception {
        final SpiffeId id = SpiffeId.of(trustDomain, namespace, datacenter, service);
        final KeyPair keys = KeyPairs.generateEc();
        Files.createFile(keyOut, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyOut, Pem.privateKeyToPem(keys.getPrivate()), StandardCharsets.US_ASCII);
        final String csr = CertificateSigningRequests.create(keys, id);
        if (out == null) {
            stdout.print(csr);
        } else {
            Files.writeString(out, csr, StandardCharsets.US_ASCII);
            stdout.println("Wrote a request for " + id + " to " + out + " and its key to " + keyOut);
        }
        return 0;
    }
}
