package io.weft.certs.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.weft.certs.CertificateAuthority;
import io.weft.certs.IssuedCertificate;

/** {@code certs issue}: sign a CSR with the CA in a directory. */
final class IssueCommand implements Command {

    @Override
    public String name() {
        return "issue";
    }

    @Override
    public String summary() {
        return "check a CSR and issue a leaf certificate for a service";
    }

    @Override
    public String usage() {
        return "Usage: certs issue --csr FILE --service NAME [--ttl 24h] [--dir DIR] [--out FILE]\n\n" +
               "Checks the request as the control plane does (signature, key, exactly one SPIFFE ID of\n" +
               "this trust domain and datacenter, naming --service) and prints the chain, leaf first,\n" +
               "as PEM (or writes it to --out).\n\n" +
               "Options:\n" +
               "  --csr FILE        the PEM certificate request (required)\n" +
               "  --service NAME    the service the requester is entitled to (required)\n" +
               "  --ttl DURATION    leaf lifetime, 10s to 7d (default 24h)\n" +
               "  --dir DIR         the CA directory written by 'certs init' (default: current directory)\n" +
               "  --out FILE        write the chain here instead of stdout\n";
    }

    @Override
    public int run(List<String> argList, PrintStream out) throws Exception {
        final Args args = Args.parse(argList, Set.of("csr", "service", "ttl", "dir", "out"), Set.of());
        args.noPositionals();
        final Path csrFile = Path.of(args.required("csr"));
        final String service = args.required("service");
        final Duration ttl = Args.duration("ttl", args.get("ttl", "24h"));
        final String csr = Files.readString(csrFile, StandardCharsets.US_ASCII);
        final CertificateAuthority ca = CertificateAuthority.load(Path.of(args.get("dir", ".")));
        final IssuedCertificate issued = ca.issue(csr, service, ttl);
        final String outFile = args.get("out", null);
        if (outFile == null) {
            out.print(issued.chainPem());
        } else {
            Files.writeString(Path.of(outFile), issued.chainPem(), StandardCharsets.US_ASCII);
            out.println("Wrote " + issued.spiffeId() + " (valid until " + issued.notAfter() + ") to " + outFile);
        }
        return 0;
    }
}
