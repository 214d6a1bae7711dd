package io.weft.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;

class PemAndTrustBundleTest {

    private final CertificateAuthority ca = TestPki.ca();

    @Test
    void roundTripsCertificatesKeysAndRequests() {
        final IssuedCertificate issued = TestPki.leaf("sum");
        assertThat(Pem.parseCertificates(issued.chainPem())).isEqualTo(issued.chain());
        final KeyPair keys = KeyPairs.generateEc();
        final String keyPem = Pem.privateKeyToPem(keys.getPrivate());
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.parsePrivateKey(keyPem)).isEqualTo(keys.getPrivate());
        final String csr = TestPki.csr(keys, "sum");
        assertThat(Pem.csrToPem(Pem.parseCsr(csr))).isEqualTo(csr);
    }

    @Test
    void garbageGivesClearErrors() {
        assertThatThrownBy(() -> Pem.parseCertificates("hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pem: no PEM block found (expected: -----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> Pem.parseCertificates("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"))
                .hasMessageStartingWith("pem: malformed block 1 (expected: CERTIFICATE)");
        assertThatThrownBy(() -> Pem.parseCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n"))
                .hasMessageStartingWith("pem: malformed block 1");
        assertThatThrownBy(() -> Pem.parseCertificates(TestPki.csr("sum")))
                .hasMessage("pem: block 1 is a PKCS10CertificationRequest (expected: CERTIFICATE)");
        assertThatThrownBy(() -> Pem.parsePrivateKey(Pem.certificateToPem(ca.rootCertificate())))
                .hasMessageContaining("pem: block 1 is a X509CertificateHolder (expected: PRIVATE KEY");
        assertThatThrownBy(() -> Pem.parseCertificate(TestPki.leaf("sum").chainPem()))
                .hasMessage("pem: 2 certificates (expected: exactly 1)");
        assertThatThrownBy(() -> TrustBundle.fromPem(""))
                .hasMessageContaining("no PEM block found");
    }

    @Test
    void bundlesHoldCaCertificatesOnly() {
        final X509Certificate root = ca.rootCertificate();
        final TrustBundle bundle = TrustBundle.of(root, root);
        assertThat(bundle.roots()).containsExactly(root);
        assertThat(TrustBundle.fromPem(bundle.toPem())).isEqualTo(bundle);
        final X509Certificate leaf = TestPki.leaf("sum").leaf();
        assertThatThrownBy(() -> TrustBundle.of(leaf))
                .hasMessageContaining("roots[0]: CN=sum, O=weft.local (expected: a CA certificate");
        assertThatThrownBy(() -> TrustBundle.of(List.of()))
                .hasMessage("roots: [] (expected: at least one CA certificate)");
        final CertificateAuthority other = CertificateAuthority.generate(CaOptions.builder().build());
        final TrustBundle two = bundle.plus(other.trustBundle());
        assertThat(two.roots()).containsExactly(root, other.rootCertificate());
        assertThat(two.without(root).roots()).containsExactly(other.rootCertificate());
        assertThatThrownBy(() -> bundle.without(root)).hasMessageContaining("roots: []");
    }
}
