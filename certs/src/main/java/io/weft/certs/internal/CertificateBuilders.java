package io.weft.certs.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Builds the three kinds of certificate the mesh CA signs. Extensions always come from here, never from a
 * request: CA certificates get basicConstraints CA=true (intermediates pathLen 0) and keyCertSign;
 * leaves get CA=false, digitalSignature (+keyEncipherment for RSA) and serverAuth+clientAuth.
 * The authority key identifier holds the key id only: with issuer name and serial in it, OpenSSL would
 * refuse a cross-signed copy of the same root as issuer.
 */
public final class CertificateBuilders {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

    /** Returns a random positive 128-bit serial number. */
    public static BigInteger randomSerial() {
        final byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new BigInteger(1, bytes);
    }

    /** A self-signed root; no path length limit, so a cross-signed successor can sit below it. */
    public static X509Certificate root(KeyPair keyPair, X500Name subject, GeneralNames san,
                                       Instant notBefore, Instant notAfter) {
        final X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject, randomSerial(), Date.from(notBefore), Date.from(notAfter), subject,
                keyPair.getPublic());
        return caExtensions(builder, keyPair.getPublic(), null, san, new BasicConstraints(true),
                            keyPair.getPrivate());
    }

    /**
     * A CA certificate for {@code subject}'s key signed by {@code issuer}: an intermediate
     * ({@code pathLenZero}) or a cross-signed root (no limit).
     */
    public static X509Certificate subordinateCa(X509Certificate issuer, PrivateKey issuerKey,
                                                X500Name subject, PublicKey subjectKey, GeneralNames san,
                                                Instant notBefore, Instant notAfter, boolean pathLenZero) {
        final X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer, randomSerial(), Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
        final BasicConstraints constraints = pathLenZero ? new BasicConstraints(0) : new BasicConstraints(true);
        return caExtensions(builder, subjectKey, issuer, san, constraints, issuerKey);
    }

    /** An end-entity certificate: CA=false, serverAuth+clientAuth, the given SANs. */
    public static X509Certificate leaf(X509Certificate issuer, PrivateKey issuerKey, X500Name subject,
                                       PublicKey subjectKey, GeneralNames san,
                                       Instant notBefore, Instant notAfter) {
        final X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer, randomSerial(), Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
        final int usage = KeyPolicy.isRsa(subjectKey) ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                                                      : KeyUsage.digitalSignature;
        try {
            final JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                   .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                   .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                           new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }))
                   .addExtension(Extension.subjectAlternativeName, false, san)
                   .addExtension(Extension.subjectKeyIdentifier, false,
                                 utils.createSubjectKeyIdentifier(subjectKey))
                   .addExtension(Extension.authorityKeyIdentifier, false,
                                 utils.createAuthorityKeyIdentifier(issuer.getPublicKey()));
            return sign(builder, issuerKey);
        } catch (CertIOException | NoSuchAlgorithmException | CertificateException e) {
            throw new IllegalStateException("cannot build leaf certificate", e);
        }
    }

    private static X509Certificate caExtensions(X509v3CertificateBuilder builder, PublicKey subjectKey,
                                                X509Certificate issuer, GeneralNames san,
                                                BasicConstraints constraints, PrivateKey signingKey) {
        try {
            final JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, constraints)
                   .addExtension(Extension.keyUsage, true,
                                 new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                   .addExtension(Extension.subjectAlternativeName, false, san)
                   .addExtension(Extension.subjectKeyIdentifier, false,
                                 utils.createSubjectKeyIdentifier(subjectKey));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                                     utils.createAuthorityKeyIdentifier(issuer.getPublicKey()));
            }
            return sign(builder, signingKey);
        } catch (CertIOException | NoSuchAlgorithmException | CertificateException e) {
            throw new IllegalStateException("cannot build CA certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws CertificateException {
        return CONVERTER.getCertificate(builder.build(Signers.forKey(key)));
    }

    private CertificateBuilders() {}
}
