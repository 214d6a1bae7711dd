package io.weft.certs;

import java.util.Locale;

/** The key algorithms weft generates and accepts: EC on P-256 or P-384, and RSA of 2048 bits or more. */
public enum KeyType {
    /** ECDSA on NIST P-256 (secp256r1), signed with SHA-256. The default. */
    EC_P256("EC", "secp256r1", 256),
    /** ECDSA on NIST P-384 (secp384r1), signed with SHA-384. */
    EC_P384("EC", "secp384r1", 384),
    /** RSA 2048, signed with SHA-256. */
    RSA_2048("RSA", null, 2048),
    /** RSA 3072, signed with SHA-256. */
    RSA_3072("RSA", null, 3072),
    /** RSA 4096, signed with SHA-256. */
    RSA_4096("RSA", null, 4096);

    private final String algorithm;
    private final String curve;
    private final int bits;

    KeyType(String algorithm, String curve, int bits) {
        this.algorithm = algorithm;
        this.curve = curve;
        this.bits = bits;
    }

    /** Returns the JCA key algorithm, {@code EC} or {@code RSA}. */
    public String algorithm() {
        return algorithm;
    }

    /** Returns the JCA curve name, or {@code null} for RSA. */
    public String curve() {
        return curve;
    }

    /** Returns the key size in bits. */
    public int bits() {
        return bits;
    }

    /**
     * Parses {@code ec-p256}, {@code ec-p384}, {@code rsa-2048}, {@code rsa-3072} or {@code rsa-4096}
     * (case-insensitive, {@code _} or {@code -}).
     */
    public static KeyType parse(String name) {
        final String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (KeyType type : values()) {
            if (type.name().equals(normalized)) {
                return type;
            }
        }
        throw new IllegalArgumentException("keyType: '" + name +
                "' (expected: one of ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096)");
    }
}
