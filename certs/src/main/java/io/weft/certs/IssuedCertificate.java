package io.weft.certs;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate the CA issued.
 *
 * @param chain the leaf first, then the intermediate (and, during a root rotation, the new root
 *              cross-signed by the old one); never the self-signed root, which peers take from their
 *              {@link TrustBundle}
 * @param spiffeId the identity in the leaf's URI SAN
 */
public record IssuedCertificate(List<X509Certificate> chain, SpiffeId spiffeId) {

    /** Copies the chain and checks it is not empty. */
    public IssuedCertificate {
        chain = List.copyOf(chain);
        requireNonNull(spiffeId, "spiffeId");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: [] (expected: the leaf at least)");
        }
    }

    /** Returns the leaf certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Returns when the leaf expires. */
    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Returns when the leaf becomes valid (issuance minus the clock-skew allowance). */
    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    /** Returns the leaf's serial number. */
    public BigInteger serialNumber() {
        return leaf().getSerialNumber();
    }

    /** Returns the chain as PEM, leaf first. */
    public String chainPem() {
        return Pem.certificatesToPem(chain);
    }

    /** Returns the chain as an array, as TLS APIs want it. */
    public X509Certificate[] chainArray() {
        return chain.toArray(new X509Certificate[0]);
    }
}
