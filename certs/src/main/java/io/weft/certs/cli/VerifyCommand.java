package io.weft.certs.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import io.weft.certs.CaOptions;
import io.weft.certs.Pem;
import io.weft.certs.PeerVerificationException;
import io.weft.certs.PeerVerifier;
import io.weft.certs.SpiffeId;
import io.weft.certs.TrustBundle;

/** {@code certs verify}: run the sidecar's peer check on a chain file. */
final class VerifyCommand implements Command {

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "check a chain against a trust bundle as a sidecar does; print the SPIFFE ID";
    }

    @Override
    public String usage() {
        return "Usage: certs verify --bundle FILE [--trust-domain NAME] [--at INSTANT] CHAIN.pem\n\n" +
               "Runs PeerVerifier on the chain (leaf first): PKIX path to a bundle root, validity,\n" +
               "CA constraints, serverAuth+clientAuth, exactly one SPIFFE ID of the trust domain.\n" +
               "Prints the SPIFFE ID, or the reason for rejection (exit code 1).\n\n" +
               "Options:\n" +
               "  --bundle FILE        trusted roots, e.g. the CA directory's trust-bundle.pem (required)\n" +
               "  --trust-domain NAME  default " + CaOptions.DEFAULT_TRUST_DOMAIN + "\n" +
               "  --at INSTANT         verify as of this ISO-8601 instant (default: now)\n";
    }

    @Override
    public int run(List<String> argList, PrintStream out) throws Exception {
        final Args args = Args.parse(argList, Set.of("bundle", "trust-domain", "at"), Set.of());
        if (args.positionals().size() != 1) {
            throw new Args.UsageException("expected exactly one CHAIN.pem, got " + args.positionals());
        }
        final Instant at;
        try {
            at = args.flag("at") ? Instant.parse(args.get("at", null)) : Instant.now();
        } catch (DateTimeParseException e) {
            throw new Args.UsageException("--at: '" + args.get("at", null) +
                                          "' (expected: an ISO-8601 instant such as 2026-01-01T00:00:00Z)");
        }
        final Path bundleFile = Path.of(args.required("bundle"));
        final Path chainFile = Path.of(args.positionals().get(0));
        final TrustBundle bundle = read(bundleFile, TrustBundle::fromPem);
        final List<X509Certificate> chain = read(chainFile, Pem::parseCertificates);
        final PeerVerifier verifier =
                PeerVerifier.of(bundle, args.get("trust-domain", CaOptions.DEFAULT_TRUST_DOMAIN));
        try {
            final SpiffeId id = verifier.verify(chain.toArray(new X509Certificate[0]), at);
            out.println("OK " + id);
            return 0;
        } catch (PeerVerificationException e) {
            out.println("REJECTED " + e.getMessage());
            return 1;
        }
    }

    private interface Parser<T> {
        T parse(String pem);
    }

    private static <T> T read(Path file, Parser<T> parser) throws java.io.IOException {
        try {
            return parser.parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
