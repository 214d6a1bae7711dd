package io.weft.certs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import io.weft.certs.CertificateAuthority;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code certs rotate}: start or finish a root rotation of the CA in a directory. */
@Command(name = "rotate", sortOptions = false,
         header = "start (or --finish) a root rotation",
         description = "Without --finish: makes a new root and intermediate, cross-signs the new root with the old " +
                         "one and writes a trust bundle with both roots. Distribute trust-bundle.pem, renew leaves, " +
                         "then run again with --finish to drop the old root from the bundle.")
final class RotateCommand extends CertsCommand {

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "the CA directory")
    private Path dir = Path.of(".");

    @Option(names = "--finish", description = "drop the previous root from the trust bundle")
    private boolean finish;

    @Override
    int run(PrintWriter out) throws Exception {
        final CertificateAuthority ca = CertificateAuthority.load(dir);
        final CertificateAuthority next = finish ? ca.retirePreviousRoots() : ca.rotateRoot();
        next.save(dir, true);
        out.println((finish ? "Finished rotation; trusted roots: " : "Started rotation; trusted roots: ") +
                    next.trustBundle().roots().size());
        for (var root : next.trustBundle().roots()) {
            out.println("  " + Describe.oneLine(root));
        }
        return 0;
    }
}
