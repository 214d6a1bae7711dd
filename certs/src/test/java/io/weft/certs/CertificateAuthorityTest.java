package io.weft.certs;

import static io.weft.certs.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;

import io.weft.certs.CertificateIssuanceException.Reason;

class CertificateAuthorityTest {

    private final CertificateAuthority ca = TestPki.ca();

    @Test
    void issuesLeafByPolicy() throws Exception {
        final IssuedCertificate issued = ca.issue(TestPki.csr("sum"), "sum", Duration.ofHours(24));
        final X509Certificate leaf = issued.leaf();

        assertThat(issued.spiffeId()).isEqualTo(TestPki.id("sum"));
        assertThat(issued.chain()).containsExactly(leaf, ca.intermediateCertificate());
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber().bitLength()).isLessThanOrEqualTo(128).isGreaterThan(64);
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(issued.notAfter()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(),
                                                             Extension.keyUsage.getId());
        // digitalSignature only: keyEncipherment is for RSA keys
        assertThat(leaf.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(leaf.getSubjectAlternativeNames())
                .containsExactly(List.of(6, "spiffe://weft.local/ns/default/dc/dc1/svc/sum"), List.of(2, "sum"));
        assertThat(leaf.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                leaf.getExtensionValue(Extension.authorityKeyIdentifier.getId()))).getKeyIdentifier())
                .isEqualTo(SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                        ca.intermediateCertificate().getExtensionValue(Extension.subjectKeyIdentifier.getId())))
                                               .getKeyIdentifier());
        leaf.verify(ca.intermediateCertificate().getPublicKey());
    }

    @Test
    void caCertificatesHaveCaConstraints() {
        assertThat(ca.rootCertificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(ca.intermediateCertificate().getBasicConstraints()).isZero();
        assertThat(ca.trustBundle().roots()).containsExactly(ca.rootCertificate());
        assertThat(ca.rootCertificate().getNotAfter().toInstant())
                .isEqualTo(NOW.plus(CaOptions.DEFAULT_ROOT_VALIDITY));
        assertThat(ca.intermediateCertificate().getNotAfter().toInstant())
                .isEqualTo(NOW.plus(CaOptions.DEFAULT_INTERMEDIATE_VALIDITY));
    }

    @Test
    void neverCopiesExtensionsFromTheRequest() throws Exception {
        final KeyPair keys = KeyPairs.generateEc();
        final String csr = RawCertificates.csr(keys, keys.getPrivate(), RawCertificates.uris(TestPki.id("sum").uri()),
                new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded()));
        final X509Certificate leaf = ca.issue(csr, "sum").leaf();
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSubjectAlternativeNames()).hasSize(2);
    }

    @Test
    void acceptsRsa2048WithKeyEncipherment() {
        final IssuedCertificate issued = ca.issue(TestPki.csr(KeyPairs.generateRsa(2048), "sum"), "sum");
        assertThat(issued.leaf().getKeyUsage()[2]).as("keyEncipherment").isTrue();
        assertThat(issued.leaf().getKeyUsage()[0]).as("digitalSignature").isTrue();
    }

    @Test
    void acceptsP384() {
        assertThat(ca.issue(TestPki.csr(KeyPairs.generate(KeyType.EC_P384), "sum"), "sum").spiffeId())
                .isEqualTo(TestPki.id("sum"));
    }

    @Test
    void rejectsGarbage() {
        assertRejected("not a csr", "sum", Reason.MALFORMED_CSR, "no PEM block found");
        assertRejected("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "sum",
                       Reason.MALFORMED_CSR, "csr: pem: malformed block 1");
    }

    @Test
    void rejectsBadSignature() {
        final KeyPair keys = KeyPairs.generateEc();
        final String csr = RawCertificates.csr(keys, KeyPairs.generateEc().getPrivate(),
                                               RawCertificates.uris(TestPki.id("sum").uri()));
        assertRejected(csr, "sum", Reason.INVALID_SIGNATURE, "signature does not verify");
    }

    @Test
    void rejectsWeakRsa() throws Exception {
        final java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        assertRejected(TestPki.csr(generator.generateKeyPair(), "sum"), "sum", Reason.KEY_NOT_ALLOWED,
                       "key: RSA 1024 bits (expected: >= 2048)");
    }

    @Test
    void rejectsUnknownCurve() throws Exception {
        final java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp521r1"));
        assertRejected(TestPki.csr(generator.generateKeyPair(), "sum"), "sum", Reason.KEY_NOT_ALLOWED,
                       "key: EC with curve 1.3.132.0.35 (expected: P-256");
    }

    @Test
    void rejectsRequestsWithoutExactlyOneSpiffeUri() {
        final KeyPair keys = KeyPairs.generateEc();
        assertRejected(RawCertificates.csr(keys, null), "sum", Reason.NO_SPIFFE_ID, "no URI SAN");
        assertRejected(RawCertificates.csr(keys, RawCertificates.uris(TestPki.id("sum").uri(), "https://x")),
                       "sum", Reason.MULTIPLE_URI_SANS, "https://x");
        assertRejected(RawCertificates.csr(keys, RawCertificates.uris("spiffe://weft.local/sum")), "sum",
                       Reason.INVALID_SPIFFE_ID, "spiffe://weft.local/sum");
    }

    @Test
    void rejectsOtherTrustDomainDatacenterAndService() {
        final KeyPair keys = KeyPairs.generateEc();
        assertRejected(CertificateSigningRequests.create(keys, SpiffeId.of("evil.local", "dc1", "sum")), "sum",
                       Reason.WRONG_TRUST_DOMAIN, "trustDomain: 'evil.local'");
        assertRejected(CertificateSigningRequests.create(keys, SpiffeId.of("weft.local", "dc2", "sum")), "sum",
                       Reason.WRONG_DATACENTER, "datacenter: 'dc2'");
        assertRejected(TestPki.csr(keys, "sum"), "hello", Reason.SERVICE_NOT_ENTITLED,
                       "service: 'sum' (expected: 'hello'");
    }

    @Test
    void enforcesTtlBounds() {
        final String csr = TestPki.csr("sum");
        assertThatThrownBy(() -> ca.issue(csr, "sum", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CertificateIssuanceException.class,
                                        e -> assertThat(e.reason()).isEqualTo(Reason.TTL_TOO_SHORT))
                .hasMessageContaining("ttl: PT5S (expected: >= PT10S)");
        assertThatThrownBy(() -> ca.issue(csr, "sum", Duration.ofDays(8)))
                .isInstanceOfSatisfying(CertificateIssuanceException.class,
                                        e -> assertThat(e.reason()).isEqualTo(Reason.TTL_TOO_LONG))
                .hasMessageContaining("ttl: PT192H (expected: <= PT168H)");
        assertThat(ca.issue(csr, "sum", Duration.ofSeconds(10)).notAfter()).isEqualTo(NOW.plusSeconds(10));
        assertThat(ca.issue(csr, "sum", Duration.ofDays(7)).notAfter()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void capsTtlAtIntermediateExpiryAndRefusesWhenItIsGone() {
        final CertificateAuthority shortLived = CertificateAuthority.generate(
                CaOptions.builder().intermediateValidity(Duration.ofHours(1)).clock(TestPki.CLOCK).build());
        final String csr = TestPki.csr("sum");
        assertThat(shortLived.issue(csr, "sum", Duration.ofHours(24)).notAfter())
                .isEqualTo(shortLived.intermediateCertificate().getNotAfter().toInstant())
                .isEqualTo(NOW.plus(Duration.ofHours(1)));
        final CertificateAuthority later =
                shortLived.withClock(Clock.fixed(NOW.plus(Duration.ofSeconds(3595)), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.issue(csr, "sum"))
                .isInstanceOfSatisfying(CertificateIssuanceException.class,
                                        e -> assertThat(e.reason()).isEqualTo(Reason.CA_EXPIRED))
                .hasMessageContaining("intermediate: expires");
    }

    @Test
    void issuesServerCertificateWithDnsIpAndSpiffeSans() throws Exception {
        final SpiffeId id = TestPki.id("weft-control-plane");
        final IssuedCertificate issued = ca.issueServerCertificate(
                KeyPairs.generateEc(), id, List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")),
                Duration.ofHours(1));
        assertThat(issued.leaf().getSubjectAlternativeNames())
                .containsExactly(List.of(6, id.uri()), List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(TestPki.verifier(ca).verify(issued.chainArray(), NOW)).isEqualTo(id);

        assertThatThrownBy(() -> ca.issueServerCertificate(KeyPairs.generateEc(), id, List.of("bad name"),
                                                           List.of(), Duration.ofHours(1)))
                .isInstanceOfSatisfying(CertificateIssuanceException.class,
                                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessageContaining("dnsName: 'bad name'");
        assertThatThrownBy(() -> ca.issueServerCertificate(KeyPairs.generateEc(),
                                                           SpiffeId.of("evil.local", "dc1", "x"), List.of(),
                                                           List.of(), Duration.ofHours(1)))
                .isInstanceOfSatisfying(CertificateIssuanceException.class,
                                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TRUST_DOMAIN));
    }

    @Test
    void validatesOptions() {
        assertThatThrownBy(() -> CaOptions.builder().intermediateValidity(Duration.ofDays(4000)).build())
                .hasMessage("intermediateValidity: PT96000H (expected: >= PT1M and <= rootValidity PT87600H)");
        assertThatThrownBy(() -> CaOptions.builder().trustDomain("Bad Domain").build())
                .hasMessageStartingWith("trustDomain: 'Bad Domain'");
    }

    private void assertRejected(String csr, String service, Reason reason, String message) {
        assertThatThrownBy(() -> ca.issue(csr, service))
                .isInstanceOfSatisfying(CertificateIssuanceException.class,
                                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }
}
