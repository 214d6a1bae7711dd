package io.weft.certs;

import static io.weft.certs.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issued chains must satisfy verifiers we did not write: the JDK's PKIX validator and OpenSSL. */
class IndependentVerifiersTest {

    @TempDir
    Path dir;

    private final CertificateAuthority ca = TestPki.ca();

    @Test
    void jdkPkixAcceptsIssuedChains() throws Exception {
        final IssuedCertificate issued = TestPki.leaf("sum");
        pkix(ca.trustBundle(), issued.chain(), NOW);
        final IssuedCertificate rsa = ca.issue(TestPki.csr(KeyPairs.generateRsa(2048), "sum"), "sum");
        pkix(ca.trustBundle(), rsa.chain(), NOW);
    }

    @Test
    void jdkPkixRejectsExpiredChains() {
        final IssuedCertificate issued = TestPki.leaf("sum");
        assertThatThrownBy(() -> pkix(ca.trustBundle(), issued.chain(), NOW.plus(Duration.ofDays(30))))
                .isInstanceOfSatisfying(CertPathValidatorException.class,
                        e -> assertThat(e.getReason()).isEqualTo(CertPathValidatorException.BasicReason.EXPIRED));
    }

    @Test
    void openSslAcceptsIssuedChainsForClientAndServer() throws Exception {
        final IssuedCertificate issued = TestPki.leaf("sum");
        for (String purpose : List.of("sslclient", "sslserver")) {
            final OpenSsl.Result result = OpenSsl.verify(dir, List.of(ca.rootCertificate()),
                    List.of(ca.intermediateCertificate()), issued.leaf(), purpose, NOW);
            assertThat(result.ok()).as("%s: %s", purpose, result.output()).isTrue();
        }
        final IssuedCertificate rsa = ca.issue(TestPki.csr(KeyPairs.generateRsa(2048), "sum"), "sum");
        final OpenSsl.Result result = OpenSsl.verify(dir, List.of(ca.rootCertificate()),
                List.of(ca.intermediateCertificate()), rsa.leaf(), "sslserver", NOW);
        assertThat(result.ok()).as(result.output()).isTrue();
    }

    @Test
    void openSslRejectsExpiredLeavesAndForeignRoots() throws Exception {
        final IssuedCertificate issued = TestPki.leaf("sum");
        final OpenSsl.Result expired = OpenSsl.verify(dir, List.of(ca.rootCertificate()),
                List.of(ca.intermediateCertificate()), issued.leaf(), "sslclient", NOW.plus(Duration.ofDays(30)));
        assertThat(expired.ok()).isFalse();
        assertThat(expired.output()).contains("certificate has expired");

        final CertificateAuthority other = CertificateAuthority.generate(CaOptions.builder().clock(TestPki.CLOCK).build());
        final OpenSsl.Result foreign = OpenSsl.verify(dir, List.of(other.rootCertificate()),
                List.of(ca.intermediateCertificate()), issued.leaf(), "sslclient", NOW);
        assertThat(foreign.ok()).as(foreign.output()).isFalse();
    }

    static void pkix(TrustBundle bundle, List<X509Certificate> chain, java.time.Instant at) throws Exception {
        final PKIXParameters params = new PKIXParameters(bundle.trustAnchors());
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX")
                         .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
    }
}
