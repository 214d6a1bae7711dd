package io.weft.certs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.KeyType;

/** {@code certs init}: generate a root and an intermediate and write them to a directory. */
final class InitCommand implements Command {

    @Override
    public String name() {
        return "init";
    }

    @Override
    public String summary() {
        return "create a CA (root + intermediate) in a directory";
    }

    @Override
    public String usage() {
        return "Usage: certs init --dir DIR [options]\n\n" +
               "Writes root.pem, intermediate.pem, trust-bundle.pem and the keys root-key.pem and\n" +
               "intermediate-key.pem (mode 0600). Refuses to replace an existing CA unless --force.\n\n" +
               "Options:\n" +
               "  --dir DIR                     where to write the CA (required)\n" +
               "  --trust-domain NAME           SPIFFE trust domain (default " + CaOptions.DEFAULT_TRUST_DOMAIN + ")\n" +
               "  --datacenter NAME             datacenter of the leaves (default " + CaOptions.DEFAULT_DATACENTER + ")\n" +
               "  --key-type TYPE               ec-p256 (default), ec-p384, rsa-2048, rsa-3072, rsa-4096\n" +
               "  --root-validity DURATION      default 3650d\n" +
               "  --intermediate-validity DURATION  default 365d\n" +
               "  --force                       replace an existing CA in DIR\n";
    }

    @Override
    public int run(List<String> argList, PrintStream out) throws Exception {
        final Args args = Args.parse(argList, Set.of("dir", "trust-domain", "datacenter", "key-type",
                                                     "root-validity", "intermediate-validity"), Set.of("force"));
        args.noPositionals();
        final Path dir = Path.of(args.required("dir"));
        final CaOptions.Builder options = CaOptions.builder()
                .trustDomain(args.get("trust-domain", CaOptions.DEFAULT_TRUST_DOMAIN))
                .datacenter(args.get("datacenter", CaOptions.DEFAULT_DATACENTER))
                .keyType(KeyType.parse(args.get("key-type", "ec-p256")));
        if (args.flag("root-validity")) {
            options.rootValidity(Args.duration("root-validity", args.get("root-validity", null)));
        }
        if (args.flag("intermediate-validity")) {
            options.intermediateValidity(
                    Args.duration("intermediate-validity", args.get("intermediate-validity", null)));
        }
        final CertificateAuthority ca = CertificateAuthority.generate(options.build());
        ca.save(dir, args.flag("force"));
        out.println("Wrote CA for trust domain " + ca.trustDomain() + ", datacenter " + ca.datacenter() +
                    " to " + dir.toAbsolutePath());
        out.println("  root:         " + Describe.oneLine(ca.rootCertificate()));
        out.println("  intermediate: " + Describe.oneLine(ca.intermediateCertificate()));
        return 0;
    }
}
