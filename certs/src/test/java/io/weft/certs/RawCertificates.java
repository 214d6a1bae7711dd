package io.weft.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import io.weft.certs.internal.CertificateBuilders;
import io.weft.certs.internal.Signers;

/** Hand-built certificates and requests that the CA would never produce, for negative tests. */
final class RawCertificates {

    /** A request for {@code san} ({@code null}: no SAN at all), signed by {@code signer}. */
    static String csr(KeyPair subject, PrivateKey signer, GeneralNames san, Extension... extra) {
        try {
            final JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=raw"), subject.getPublic());
            final ExtensionsGenerator extensions = new ExtensionsGenerator();
            if (san != null) {
                extensions.addExtension(Extension.subjectAlternativeName, false, san);
            }
            for (Extension e : extra) {
                extensions.addExtension(e);
            }
            if (!extensions.isEmpty()) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return Pem.csrToPem(builder.build(Signers.forKey(signer)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String csr(KeyPair subject, GeneralNames san) {
        return csr(subject, subject.getPrivate(), san);
    }

    static GeneralNames uris(String... uris) {
        final GeneralName[] names = new GeneralName[uris.length];
        for (int i = 0; i < uris.length; i++) {
            names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, uris[i]);
        }
        return new GeneralNames(names);
    }

    /**
     * A certificate for {@code subjectKey} issued by {@code issuer}/{@code issuerKey}, valid for a day
     * around {@link TestPki#NOW}, with the given SAN ({@code null}: none), EKU ({@code null}: none) and CA flag.
     */
    static X509Certificate cert(X509Certificate issuer, PrivateKey issuerKey, PublicKey subjectKey,
                                GeneralNames san, List<KeyPurposeId> eku, boolean ca) {
        try {
            final X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer, CertificateBuilders.randomSerial(), Date.from(TestPki.NOW.minus(Duration.ofHours(1))),
                    Date.from(TestPki.NOW.plus(Duration.ofDays(1))), new X500Name("CN=raw"), subjectKey);
            builder.addExtension(Extension.basicConstraints, true,
                                 ca ? new BasicConstraints(true) : new BasicConstraints(false));
            if (san != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, san);
            }
            if (eku != null) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                                     new ExtendedKeyUsage(eku.toArray(new KeyPurposeId[0])));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(Signers.forKey(issuerKey)));
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A root and an intermediate whose keys the test holds, for signing leaves the CA would refuse. */
    record Pki(X509Certificate root, X509Certificate intermediate, PrivateKey intermediateKey) {
        static Pki generate() {
            final KeyPair rootKeys = KeyPairs.generateEc();
            final KeyPair intermediateKeys = KeyPairs.generateEc();
            final GeneralNames san = uris("spiffe://" + TestPki.TRUST_DOMAIN);
            final X509Certificate root = CertificateBuilders.root(
                    rootKeys, new X500Name("CN=raw root"), san, TestPki.NOW.minus(Duration.ofDays(1)),
                    TestPki.NOW.plus(Duration.ofDays(365)));
            final X509Certificate intermediate = CertificateBuilders.subordinateCa(
                    root, rootKeys.getPrivate(), new X500Name("CN=raw intermediate"), intermediateKeys.getPublic(),
                    san, TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(30)), true);
            return new Pki(root, intermediate, intermediateKeys.getPrivate());
        }

        /** Returns {@code [leaf, intermediate]} for a leaf with the given SAN and EKU. */
        X509Certificate[] chain(GeneralNames san, List<KeyPurposeId> eku) {
            return new X509Certificate[] {
                    cert(intermediate, intermediateKey, KeyPairs.generateEc().getPublic(), san, eku, false),
                    intermediate };
        }

        PeerVerifier verifier() {
            return PeerVerifier.of(TrustBundle.of(root), TestPki.TRUST_DOMAIN);
        }
    }

    static final List<KeyPurposeId> MESH_EKU = List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);

    private RawCertificates() {}
}
