package io.weft.certs.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.weft.certs.CaOptions;
import io.weft.certs.Pem;
import io.weft.certs.PeerVerificationException;
import io.weft.certs.PeerVerifier;
import io.weft.certs.SpiffeId;
import io.weft.certs.TrustBundle;
import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code certs verify}: run the sidecar's peer check on a chain file. */
@Command(name = "verify", sortOptions = false,
         header = "check a chain against a trust bundle as a sidecar does; print the SPIFFE ID",
         description = "Runs PeerVerifier on the chain (leaf first): PKIX path to a bundle root, validity, CA " +
                         "constraints, serverAuth+clientAuth, exactly one SPIFFE ID of the trust domain. Prints the " +
                         "SPIFFE ID, or the reason for rejection (exit code 1).")
final class VerifyCommand extends CertsCommand {

    @Option(names = "--bundle", paramLabel = "FILE", required = true,
            description = "trusted roots, e.g. the CA directory's trust-bundle.pem")
    private Path bundleFile = Path.of("");

    @Option(names = "--trust-domain", paramLabel = "NAME", defaultValue = CaOptions.DEFAULT_TRUST_DOMAIN,
            description = "the trust domain the peer must belong to")
    private String trustDomain = CaOptions.DEFAULT_TRUST_DOMAIN;

    @Option(names = "--at", paramLabel = "INSTANT", converter = Instants.class,
            description = "verify as of this ISO-8601 instant instead of now")
    @Nullable
    private Instant at;

    @Parameters(paramLabel = "CHAIN.pem", description = "the chain to check, leaf first, PEM")
    private Path chainFile = Path.of("");

    @Override
    int run(PrintWriter out) throws Exception {
        final TrustBundle bundle = read(bundleFile, TrustBundle::fromPem);
        final List<X509Certificate> chain = read(chainFile, Pem::parseCertificates);
        final PeerVerifier verifier = PeerVerifier.of(bundle, trustDomain);
        try {
            final SpiffeId id = verifier.verify(chain.toArray(new X509Certificate[0]),
                                                at != null ? at : Instant.now());
            out.println("OK " + id);
            return 0;
        } catch (PeerVerificationException e) {
            out.println("REJECTED " + e.getMessage());
            return 1;
        }
    }

    /** An ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}. */
    static final class Instants implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException(
                        "'" + value + "' (expected: an ISO-8601 instant such as 2026-01-01T00:00:00Z)");
            }
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
