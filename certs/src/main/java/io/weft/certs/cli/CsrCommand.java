package io.weft.certs.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.KeyPairs;
import io.weft.certs.Pem;
import io.weft.certs.SpiffeId;

/** {@code certs csr}: make a key and a request, as a sidecar does (for trying {@code issue} by hand). */
final class CsrCommand implements Command {

    @Override
    public String name() {
        return "csr";
    }

    @Override
    public String summary() {
        return "make an EC P-256 key and a CSR for a service, as a sidecar does";
    }

    @Override
    public String usage() {
        return "Usage: certs csr --service NAME --key-out FILE [--out FILE] [options]\n\n" +
               "Options:\n" +
               "  --service NAME       the service (required)\n" +
               "  --key-out FILE       where to write the private key, mode 0600 (required; never overwritten)\n" +
               "  --out FILE           write the CSR here instead of stdout\n" +
               "  --trust-domain NAME  default " + CaOptions.DEFAULT_TRUST_DOMAIN + "\n" +
               "  --datacenter NAME    default " + CaOptions.DEFAULT_DATACENTER + "\n" +
               "  --namespace NAME     default " + SpiffeId.DEFAULT_NAMESPACE + "\n";
    }

    @Override
    public int run(List<String> argList, PrintStream out) throws Exception {
        final Args args = Args.parse(argList, Set.of("service", "key-out", "out", "trust-domain", "datacenter",
                                                     "namespace"), Set.of());
        args.noPositionals();
        final SpiffeId id = SpiffeId.of(args.get("trust-domain", CaOptions.DEFAULT_TRUST_DOMAIN),
                                        args.get("namespace", SpiffeId.DEFAULT_NAMESPACE),
                                        args.get("datacenter", CaOptions.DEFAULT_DATACENTER),
                                        args.required("service"));
        final Path keyFile = Path.of(args.required("key-out"));
        final KeyPair keys = KeyPairs.generateEc();
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, Pem.privateKeyToPem(keys.getPrivate()), StandardCharsets.US_ASCII);
        final String csr = CertificateSigningRequests.create(keys, id);
        final String outFile = args.get("out", null);
        if (outFile == null) {
            out.print(csr);
        } else {
            Files.writeString(Path.of(outFile), csr, StandardCharsets.US_ASCII);
            out.println("Wrote a request for " + id + " to " + outFile + " and its key to " + keyFile);
        }
        return 0;
    }
}
