package io.weft.certs;

import static java.util.Objects.requireNonNull;

import java.security.cert.CertificateException;

/**
 * A presented certificate chain was not accepted; {@link #reason()} says why and the message names the
 * certificate and the expectation. A {@link CertificateException}, so TLS trust managers throw it as is.
 */
public final class PeerVerificationException extends CertificateException {

    private static final long serialVersionUID = 1L;

    /** Why a chain was rejected. */
    public enum Reason {
        /** A certificate of the chain expired before the verification instant. */
        EXPIRED,
        /** A certificate of the chain is not valid yet at the verification instant. */
        NOT_YET_VALID,
        /** The chain does not lead to a root of the trust bundle. */
        UNKNOWN_CA,
        /** A signature in the chain does not verify. */
        INVALID_SIGNATURE,
        /** The leaf has no URI SAN. */
        NO_SPIFFE_ID,
        /** The leaf has more than one URI SAN. */
        MULTIPLE_URI_SANS,
        /** The leaf's URI SAN is not a well-formed weft SPIFFE ID. */
        INVALID_SPIFFE_ID,
        /** The leaf's SPIFFE ID belongs to another trust domain. */
        WRONG_TRUST_DOMAIN,
        /** The leaf lacks the extended key usage (serverAuth/clientAuth) the connection needs. */
        WRONG_KEY_USAGE,
        /** The SPIFFE ID is valid but not the one the caller expected (see {@link SpiffeTrustManager}). */
        UNEXPECTED_IDENTITY,
        /** Anything else PKIX rejects: empty chain, CA leaf, path length, CA constraints, algorithms. */
        INVALID_CHAIN,
    }

    private final Reason reason;

    /** Creates an exception for {@code reason}. */
    public PeerVerificationException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** Creates an exception for {@code reason} with a cause. */
    public PeerVerificationException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = requireNonNull(reason, "reason");
    }

    /** Returns why the chain was rejected. */
    public Reason reason() {
        return reason;
    }
}
