package io.weft.certs.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;

import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Picks the signature algorithm that matches a private key. */
public final class Signers {

    /** Returns a signer for {@code key}: SHA256withECDSA (SHA384 on P-384) or SHA256withRSA. */
    public static ContentSigner forKey(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + key.getAlgorithm() + " key", e);
        }
    }

    /** Returns {@code true} if {@code privateKey} signs what {@code publicKey} verifies. */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            final String algorithm = signatureAlgorithm(privateKey);
            final Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            final byte[] probe = "weft key check".getBytes(StandardCharsets.US_ASCII);
            signer.update(probe);
            final byte[] signature = signer.sign();
            final Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECPrivateKey) {
            final int fieldSize = ((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize();
            return fieldSize > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if ("RSA".equals(key.getAlgorithm())) {
            return "SHA256withRSA";
        }
        throw new IllegalArgumentException("key: " + key.getAlgorithm() + " (expected: EC or RSA)");
    }

    private Signers() {}
}
