package io.weft.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * Key pair generation with the JDK's own providers. Generation blocks on the system's random source and
 * costs milliseconds (RSA: up to seconds), so never call it on an event loop.
 */
public final class KeyPairs {

    /** Returns a new EC P-256 key pair, the mesh default. */
    public static KeyPair generateEc() {
        return generate(KeyType.EC_P256);
    }

    /**
     * Returns a new RSA key pair.
     *
     * @throws IllegalArgumentException if {@code bits} is below 2048
     */
    public static KeyPair generateRsa(int bits) {
        if (bits < 2048) {
            throw new IllegalArgumentException("bits: " + bits + " (expected: >= 2048)");
        }
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    /** Returns a new key pair of the given type. */
    public static KeyPair generate(KeyType type) {
        if (type.curve() == null) {
            return generateRsa(type.bits());
        }
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(type.curve()));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation failed for " + type.curve(), e);
        }
    }

    private KeyPairs() {}
}
