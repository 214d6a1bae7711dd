package io.weft.certs;

import static io.weft.certs.PeerVerifierTest.assertFails;
import static io.weft.certs.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weft.certs.PeerVerificationException.Reason;

/** A new root is introduced while the old one is still trusted, then the old one is removed. */
class RootRotationTest {

    @TempDir
    Path dir;

    private final CertificateAuthority before = CertificateAuthority.generate(
            CaOptions.builder().clock(TestPki.CLOCK).build());
    private final CertificateAuthority during = before.rotateRoot();
    private final CertificateAuthority after = during.retirePreviousRoots();

    private final IssuedCertificate oldLeaf = TestPki.leaf(before, "sum");
    private final IssuedCertificate overlapLeaf = TestPki.leaf(during, "hello");
    private final IssuedCertificate newLeaf = TestPki.leaf(after, "sum");

    @Test
    void rotationMakesNewRootIntermediateAndCrossSignature() throws Exception {
        assertThat(during.rootCertificate()).isNotEqualTo(before.rootCertificate());
        assertThat(during.intermediateCertificate().getIssuerX500Principal())
                .isEqualTo(during.rootCertificate().getSubjectX500Principal());
        final java.security.cert.X509Certificate cross = during.crossSignedRoot().orElseThrow();
        assertThat(cross.getSubjectX500Principal()).isEqualTo(during.rootCertificate().getSubjectX500Principal());
        assertThat(cross.getPublicKey()).isEqualTo(during.rootCertificate().getPublicKey());
        cross.verify(before.rootCertificate().getPublicKey());
        assertThat(during.trustBundle().roots()).containsExactly(during.rootCertificate(), before.rootCertificate());
        assertThat(overlapLeaf.chain()).containsExactly(overlapLeaf.leaf(), during.intermediateCertificate(), cross);
        assertThat(after.trustBundle().roots()).containsExactly(during.rootCertificate());
        assertThat(after.crossSignedRoot()).isEmpty();
        assertThat(newLeaf.chain()).hasSize(2);
        assertThat(during.trustDomain()).isEqualTo(before.trustDomain());
    }

    @Test
    void duringTheOverlapOldAndNewLeavesVerify() throws Exception {
        final PeerVerifier both = TestPki.verifier(during);
        assertThat(both.verify(oldLeaf.chainArray(), NOW)).isEqualTo(TestPki.id("sum"));
        assertThat(both.verify(overlapLeaf.chainArray(), NOW)).isEqualTo(TestPki.id("hello"));
        assertThat(both.verify(newLeaf.chainArray(), NOW)).isEqualTo(TestPki.id("sum"));
        IndependentVerifiersTest.pkix(during.trustBundle(), oldLeaf.chain(), NOW);
        IndependentVerifiersTest.pkix(during.trustBundle(), newLeaf.chain(), NOW);
    }

    @Test
    void peersThatStillTrustOnlyTheOldRootAcceptOverlapLeavesThroughTheCrossSignature() throws Exception {
        final PeerVerifier oldOnly = TestPki.verifier(before);
        assertThat(oldOnly.verify(overlapLeaf.chainArray(), NOW)).isEqualTo(TestPki.id("hello"));
        IndependentVerifiersTest.pkix(before.trustBundle(), overlapLeaf.chain(), NOW);
        final OpenSsl.Result result = OpenSsl.verify(dir, List.of(before.rootCertificate()),
                overlapLeaf.chain().subList(1, 3), overlapLeaf.leaf(), "sslclient", NOW);
        assertThat(result.ok()).as(result.output()).isTrue();
    }

    @Test
    void afterRemovalOnlyNewLeavesVerify() throws Exception {
        final PeerVerifier newOnly = TestPki.verifier(after);
        assertThat(newOnly.verify(newLeaf.chainArray(), NOW)).isEqualTo(TestPki.id("sum"));
        assertThat(newOnly.verify(overlapLeaf.chainArray(), NOW)).isEqualTo(TestPki.id("hello"));
        assertFails(() -> newOnly.verify(oldLeaf.chainArray(), NOW), Reason.UNKNOWN_CA, "ends at issuer");

        for (IssuedCertificate leaf : List.of(newLeaf, overlapLeaf)) {
            final OpenSsl.Result result = OpenSsl.verify(dir, List.of(after.rootCertificate()),
                    leaf.chain().subList(1, leaf.chain().size()), leaf.leaf(), "sslserver", NOW);
            assertThat(result.ok()).as(result.output()).isTrue();
        }
        final OpenSsl.Result old = OpenSsl.verify(dir, List.of(after.rootCertificate()),
                List.of(before.intermediateCertificate()), oldLeaf.leaf(), "sslserver", NOW);
        assertThat(old.ok()).as(old.output()).isFalse();
    }

    @Test
    void rotationStateSurvivesSaveAndLoad() throws Exception {
        during.save(dir.resolve("ca"), false);
        final CertificateAuthority loaded = CertificateAuthority.load(dir.resolve("ca"), TestPki.CLOCK);
        assertThat(loaded.trustBundle()).isEqualTo(during.trustBundle());
        assertThat(loaded.crossSignedRoot()).isEqualTo(during.crossSignedRoot());
        assertThat(TestPki.verifier(before).verify(TestPki.leaf(loaded, "sum").chainArray(), NOW))
                .isEqualTo(TestPki.id("sum"));

        java.nio.file.Files.writeString(dir.resolve("ca/cross-signed-root.pem"),
                                        Pem.certificateToPem(before.rootCertificate()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("ca")))
                .hasMessageContaining("cross-signed-root.pem: key differs from root.pem");

        loaded.retirePreviousRoots().save(dir.resolve("ca"), true);
        final CertificateAuthority retired = CertificateAuthority.load(dir.resolve("ca"), TestPki.CLOCK);
        assertThat(retired.crossSignedRoot()).isEmpty();
        assertThat(retired.trustBundle().roots()).containsExactly(during.rootCertificate());
    }
}
