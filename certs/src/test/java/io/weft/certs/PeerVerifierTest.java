package io.weft.certs;

import static io.weft.certs.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import io.weft.certs.PeerVerificationException.Reason;
import io.weft.certs.PeerVerifier.Purpose;

class PeerVerifierTest {

    private final CertificateAuthority ca = TestPki.ca();
    private final PeerVerifier verifier = TestPki.verifier(ca);
    private final X509Certificate[] chain = TestPki.leaf("sum").chainArray();

    @Test
    void returnsThePeersIdentity() throws Exception {
        assertThat(verifier.verify(chain, NOW)).isEqualTo(TestPki.id("sum"));
        assertThat(verifier.verify(chain, NOW, Purpose.CLIENT)).isEqualTo(TestPki.id("sum"));
        assertThat(verifier.verify(chain, NOW.plus(Duration.ofHours(23)), Purpose.SERVER))
                .isEqualTo(TestPki.id("sum"));
    }

    @Test
    void acceptsChainsThatIncludeTheRoot() throws Exception {
        final X509Certificate[] withRoot = { chain[0], chain[1], ca.rootCertificate() };
        assertThat(verifier.verify(withRoot, NOW)).isEqualTo(TestPki.id("sum"));
    }

    @Test
    void aLeafIsExpiredWithAClockThirtyDaysAhead() {
        assertFails(() -> verifier.verify(chain, NOW.plus(Duration.ofDays(30))), Reason.EXPIRED,
                    "certificate 0 (CN=sum,O=weft.local): expired 2026-01-02T00:00:00Z");
    }

    @Test
    void aLeafIsNotYetValidBeforeItsBackdatedStart() {
        assertFails(() -> verifier.verify(chain, NOW.minus(Duration.ofMinutes(2))), Reason.NOT_YET_VALID,
                    "valid from 2025-12-31T23:59:00Z");
    }

    @Test
    void rejectsLeavesOfAnotherCa() {
        final CertificateAuthority other = CertificateAuthority.generate(CaOptions.builder().clock(TestPki.CLOCK).build());
        assertFails(() -> verifier.verify(TestPki.leaf(other, "sum").chainArray(), NOW), Reason.UNKNOWN_CA,
                    "expected: a root of TrustBundle[");
        // Without its intermediate, the leaf names an issuer the bundle does not know.
        assertFails(() -> verifier.verify(new X509Certificate[] { TestPki.leaf(other, "sum").leaf() }, NOW),
                    Reason.UNKNOWN_CA, "ends at issuer");
    }

    @Test
    void rejectsAForgedSignature() {
        final X509Certificate forged = RawCertificates.cert(ca.intermediateCertificate(),
                KeyPairs.generateEc().getPrivate(), KeyPairs.generateEc().getPublic(),
                RawCertificates.uris(TestPki.id("sum").uri()), RawCertificates.MESH_EKU, false);
        assertFails(() -> verifier.verify(new X509Certificate[] { forged, chain[1] }, NOW), Reason.INVALID_SIGNATURE,
                    "certificate 0 (CN=raw)");
    }

    @Test
    void rejectsLeavesWithoutExactlyOneWellFormedSpiffeId() {
        final RawCertificates.Pki pki = RawCertificates.Pki.generate();
        final PeerVerifier raw = pki.verifier();
        final GeneralNames dnsOnly = new GeneralNames(new GeneralName(GeneralName.dNSName, "sum"));
        assertFails(() -> raw.verify(pki.chain(null, RawCertificates.MESH_EKU), NOW), Reason.NO_SPIFFE_ID,
                    "no URI SAN");
        assertFails(() -> raw.verify(pki.chain(dnsOnly, RawCertificates.MESH_EKU), NOW), Reason.NO_SPIFFE_ID,
                    "no URI SAN");
        assertFails(() -> raw.verify(pki.chain(RawCertificates.uris(TestPki.id("a").uri(), TestPki.id("b").uri()),
                                               RawCertificates.MESH_EKU), NOW),
                    Reason.MULTIPLE_URI_SANS, "URI SANs [spiffe://");
        assertFails(() -> raw.verify(pki.chain(RawCertificates.uris("spiffe://weft.local/svc/x"),
                                               RawCertificates.MESH_EKU), NOW),
                    Reason.INVALID_SPIFFE_ID, "spiffe://weft.local/svc/x");
    }

    @Test
    void rejectsOtherTrustDomains() {
        final CertificateAuthority other = CertificateAuthority.generate(
                CaOptions.builder().trustDomain("other.local").clock(TestPki.CLOCK).build());
        final PeerVerifier trustsOtherRoot = PeerVerifier.of(other.trustBundle(), TestPki.TRUST_DOMAIN);
        final String csr = CertificateSigningRequests.create(KeyPairs.generateEc(),
                                                             SpiffeId.of("other.local", "dc1", "sum"));
        assertFails(() -> trustsOtherRoot.verify(other.issue(csr, "sum").chainArray(), NOW),
                    Reason.WRONG_TRUST_DOMAIN, "trustDomain: 'other.local'");
    }

    @Test
    void checksExtendedKeyUsage() {
        final RawCertificates.Pki pki = RawCertificates.Pki.generate();
        final GeneralNames san = RawCertificates.uris(TestPki.id("sum").uri());
        final X509Certificate[] clientOnly = pki.chain(san, List.of(KeyPurposeId.id_kp_clientAuth));
        assertFails(() -> pki.verifier().verify(clientOnly, NOW, Purpose.SERVER), Reason.WRONG_KEY_USAGE,
                    "expected: serverAuth");
        assertFails(() -> pki.verifier().verify(clientOnly, NOW), Reason.WRONG_KEY_USAGE, "expected: serverAuth");
        assertFails(() -> pki.verifier().verify(pki.chain(san, null), NOW), Reason.WRONG_KEY_USAGE,
                    "extendedKeyUsage null");
    }

    @Test
    void rejectsCaLeavesAndLeavesActingAsCas() throws Exception {
        assertFails(() -> verifier.verify(new X509Certificate[] { chain[1] }, NOW), Reason.INVALID_CHAIN,
                    "is a CA certificate");
        final KeyPair leafKeys = KeyPairs.generateEc();
        final IssuedCertificate leaf = ca.issue(TestPki.csr(leafKeys, "sum"), "sum");
        final X509Certificate grandchild = RawCertificates.cert(leaf.leaf(), leafKeys.getPrivate(),
                KeyPairs.generateEc().getPublic(), RawCertificates.uris(TestPki.id("evil").uri()),
                RawCertificates.MESH_EKU, false);
        assertFails(() -> verifier.verify(new X509Certificate[] { grandchild, leaf.leaf(), chain[1] }, NOW),
                    Reason.INVALID_CHAIN, "certificate 1");
    }

    @Test
    void enforcesThePathLengthOfTheIntermediate() {
        final RawCertificates.Pki pki = RawCertificates.Pki.generate();
        final KeyPair subCaKeys = KeyPairs.generateEc();
        final X509Certificate subCa = RawCertificates.cert(pki.intermediate(), pki.intermediateKey(),
                subCaKeys.getPublic(), null, null, true);
        final X509Certificate leaf = RawCertificates.cert(subCa, subCaKeys.getPrivate(),
                KeyPairs.generateEc().getPublic(), RawCertificates.uris(TestPki.id("sum").uri()),
                RawCertificates.MESH_EKU, false);
        assertFails(() -> pki.verifier().verify(new X509Certificate[] { leaf, subCa, pki.intermediate() }, NOW),
                    Reason.INVALID_CHAIN, "PATH_TOO_LONG");
    }

    @Test
    void rememberedChainsStillExpireAndKeepTheirPurpose() throws Exception {
        final RawCertificates.Pki pki = RawCertificates.Pki.generate();
        final X509Certificate[] clientOnly = pki.chain(RawCertificates.uris(TestPki.id("sum").uri()),
                                                       List.of(KeyPurposeId.id_kp_clientAuth));
        final PeerVerifier caching = pki.verifier();
        assertThat(caching.verify(clientOnly, NOW, Purpose.CLIENT)).isEqualTo(TestPki.id("sum"));
        assertThat(caching.verify(clientOnly, NOW, Purpose.CLIENT)).isEqualTo(TestPki.id("sum"));
        assertFails(() -> caching.verify(clientOnly, NOW, Purpose.SERVER), Reason.WRONG_KEY_USAGE, "serverAuth");
        assertFails(() -> caching.verify(clientOnly, NOW.plus(Duration.ofDays(2)), Purpose.CLIENT), Reason.EXPIRED,
                    "expired");
        assertFails(() -> caching.verify(clientOnly, NOW.minus(Duration.ofDays(2)), Purpose.CLIENT),
                    Reason.NOT_YET_VALID, "valid from");
        // A remembered chain is checked against its own bytes: another chain with the same leaf subject is not.
        final X509Certificate[] forged = { RawCertificates.cert(pki.intermediate(), KeyPairs.generateEc().getPrivate(),
                clientOnly[0].getPublicKey(), RawCertificates.uris(TestPki.id("sum").uri()),
                List.of(KeyPurposeId.id_kp_clientAuth), false), pki.intermediate() };
        assertFails(() -> caching.verify(forged, NOW, Purpose.CLIENT), Reason.INVALID_SIGNATURE, "certificate 0");
        final PeerVerifier uncached = new PeerVerifier(TrustBundle.of(pki.root()), TestPki.TRUST_DOMAIN, 0);
        assertThat(uncached.verify(clientOnly, NOW, Purpose.CLIENT)).isEqualTo(TestPki.id("sum"));
        assertThatThrownBy(() -> new PeerVerifier(TrustBundle.of(pki.root()), TestPki.TRUST_DOMAIN, -1))
                .hasMessage("cacheSize: -1 (expected: >= 0)");
    }

    @Test
    void rejectsEmptyChains() {
        assertFails(() -> verifier.verify(new X509Certificate[0], NOW), Reason.INVALID_CHAIN, "chain: empty");
    }

    @Test
    void isSafeToShareAcrossThreads() throws Exception {
        final Instant now = NOW;
        final List<Thread> threads = new java.util.ArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    try {
                        if (verifier.verify(chain, now).equals(TestPki.id("sum"))) {
                            ok.incrementAndGet();
                        }
                    } catch (PeerVerificationException e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(ok).hasValue(800);
    }

    static void assertFails(ThrowingCallable call, Reason reason, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(PeerVerificationException.class,
                                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }
}
