package io.weft.certs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.KeyType;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code certs init}: generate a root and an intermediate and write them to a directory. */
@Command(name = "init", sortOptions = false,
         header = "create a CA (root + intermediate) in a directory",
         description = "Writes root.pem, intermediate.pem, trust-bundle.pem and the keys root-key.pem and " +
                         "intermediate-key.pem (mode 0600). Refuses to replace an existing CA unless --force.")
final class InitCommand extends CertsCommand {

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "where to write the CA")
    private Path dir = Path.of(".");

    @Option(names = "--trust-domain", paramLabel = "NAME", defaultValue = CaOptions.DEFAULT_TRUST_DOMAIN,
            description = "SPIFFE trust domain")
    private String trustDomain = CaOptions.DEFAULT_TRUST_DOMAIN;

    @Option(names = "--datacenter", paramLabel = "NAME", defaultValue = CaOptions.DEFAULT_DATACENTER,
            description = "datacenter of the leaves")
    private String datacenter = CaOptions.DEFAULT_DATACENTER;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec-p256", converter = KeyTypes.class,
            description = "key of root and intermediate: " + KeyTypes.NAMES)
    private KeyType keyType = KeyType.EC_P256;

    // The library's defaults (CaOptions.DEFAULT_*), as --help shows them; CertsMainTest keeps them equal.
    @Option(names = "--root-validity", paramLabel = "DURATION", defaultValue = "3650d",
            description = "how long the root is valid")
    private Duration rootValidity = Duration.ZERO;

    @Option(names = "--intermediate-validity", paramLabel = "DURATION", defaultValue = "365d",
            description = "how long the intermediate is valid")
    private Duration intermediateValidity = Duration.ZERO;

    @Option(names = "--force", description = "replace an existing CA in DIR")
    private boolean force;

    /** The CA these options describe. */
    CaOptions caOptions() {
        return CaOptions.builder().trustDomain(trustDomain).datacenter(datacenter).keyType(keyType)
                        .rootValidity(rootValidity).intermediateValidity(intermediateValidity).build();
    }

    @Override
    int run(PrintWriter out) throws Exception {
        final CertificateAuthority ca = CertificateAuthority.generate(caOptions());
        ca.save(dir, force);
        out.println("Wrote CA for trust domain " + ca.trustDomain() + ", datacenter " + ca.datacenter() +
                    " to " + dir.toAbsolutePath());
        out.println("  root:         " + Describe.oneLine(ca.rootCertificate()));
        out.println("  intermediate: " + Describe.oneLine(ca.intermediateCertificate()));
        return 0;
    }

    /** {@code ec-p256} and the other {@link KeyType} names as a user types them. */
    static final class KeyTypes implements ITypeConverter<KeyType> {

        /** Every key type; {@code CertsMainTest} checks that none is missing. */
        static final String NAMES = "ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096";

        @Override
        public KeyType convert(String value) {
            try {
                return KeyType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' (expected: one of " + NAMES + ')');
            }
        }
    }
}
