package io.weft.certs.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Which public keys weft signs: EC on P-256/P-384 and RSA of at least 2048 bits. */
public final class KeyPolicy {

    /** The smallest RSA modulus accepted. */
    public static final int MIN_RSA_BITS = 2048;

    /** Returns {@code null} if the key is allowed, else a message naming the key and the expectation. */
    public static String violation(SubjectPublicKeyInfo info) {
        final ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            final Object params = info.getAlgorithm().getParameters();
            if (SECObjectIdentifiers.secp256r1.equals(params) || SECObjectIdentifiers.secp384r1.equals(params)) {
                return null;
            }
            return "key: EC with curve " + params + " (expected: P-256 (" + SECObjectIdentifiers.secp256r1 +
                   ") or P-384 (" + SECObjectIdentifiers.secp384r1 + "))";
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            final int bits = rsaBits(info);
            return bits >= MIN_RSA_BITS ? null
                                        : "key: RSA " + bits + " bits (expected: >= " + MIN_RSA_BITS + ')';
        }
        return "key: algorithm " + algorithm + " (expected: EC P-256/P-384 or RSA >= " + MIN_RSA_BITS + ')';
    }

    /** Same as {@link #violation(SubjectPublicKeyInfo)} for a JCA key. */
    public static String violation(PublicKey key) {
        return violation(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    /** Returns {@code true} for RSA keys, which also get keyEncipherment in their key usage. */
    public static boolean isRsa(PublicKey key) {
        return "RSA".equals(key.getAlgorithm());
    }

    /** Returns a short description such as {@code EC P-256} or {@code RSA 2048}. */
    public static String describe(PublicKey key) {
        final SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        final ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            final Object params = info.getAlgorithm().getParameters();
            if (SECObjectIdentifiers.secp256r1.equals(params)) {
                return "EC P-256";
            }
            return SECObjectIdentifiers.secp384r1.equals(params) ? "EC P-384" : "EC " + params;
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            return "RSA " + rsaBits(info);
        }
        return key.getAlgorithm();
    }

    private static int rsaBits(SubjectPublicKeyInfo info) {
        try {
            final BigInteger modulus = RSAPublicKey.getInstance(info.parsePublicKey()).getModulus();
            return modulus.bitLength();
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }

    private KeyPolicy() {}
}
