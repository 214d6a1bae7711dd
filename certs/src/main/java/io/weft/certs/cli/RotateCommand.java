package io.weft.certs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.weft.certs.CertificateAuthority;

/** {@code certs rotate}: start or finish a root rotation of the CA in a directory. */
final class RotateCommand implements Command {

    @Override
    public String name() {
        return "rotate";
    }

    @Override
    public String summary() {
        return "start (or --finish) a root rotation";
    }

    @Override
    public String usage() {
        return "Usage: certs rotate --dir DIR [--finish]\n\n" +
               "Without --finish: makes a new root and intermediate, cross-signs the new root with the old\n" +
               "one and writes a trust bundle with both roots. Distribute trust-bundle.pem, renew leaves,\n" +
               "then run again with --finish to drop the old root from the bundle.\n";
    }

    @Override
    public int run(List<String> argList, PrintStream out) throws Exception {
        final Args args = Args.parse(argList, Set.of("dir"), Set.of("finish"));
        args.noPositionals();
        final Path dir = Path.of(args.required("dir"));
        final CertificateAuthority ca = CertificateAuthority.load(dir);
        final CertificateAuthority next = args.flag("finish") ? ca.retirePreviousRoots() : ca.rotateRoot();
        next.save(dir, true);
        out.println((args.flag("finish") ? "Finished rotation; trusted roots: " : "Started rotation; trusted roots: ") +
                    next.trustBundle().roots().size());
        for (var root : next.trustBundle().roots()) {
            out.println("  " + Describe.oneLine(root));
        }
        return 0;
    }
}
