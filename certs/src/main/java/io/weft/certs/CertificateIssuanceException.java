package io.weft.certs;

import static java.util.Objects.requireNonNull;

/** The CA refused to issue a certificate; {@link #reason()} says why, the message names the value. */
public final class CertificateIssuanceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request was refused. */
    public enum Reason {
        /** The CSR is not a well-formed PEM PKCS#10 request. */
        MALFORMED_CSR,
        /** The CSR's self-signature does not verify with its own public key. */
        INVALID_SIGNATURE,
        /** The key is not EC P-256/P-384 or RSA >= 2048. */
        KEY_NOT_ALLOWED,
        /** The request carries no URI SAN. */
        NO_SPIFFE_ID,
        /** The request carries more than one URI SAN. */
        MULTIPLE_URI_SANS,
        /** The URI SAN is not a well-formed weft SPIFFE ID. */
        INVALID_SPIFFE_ID,
        /** The SPIFFE ID belongs to another trust domain. */
        WRONG_TRUST_DOMAIN,
        /** The SPIFFE ID names another datacenter. */
        WRONG_DATACENTER,
        /** The SPIFFE ID names a service the caller is not entitled to. */
        SERVICE_NOT_ENTITLED,
        /** The requested TTL is below the minimum. */
        TTL_TOO_SHORT,
        /** The requested TTL is above the maximum. */
        TTL_TOO_LONG,
        /** The intermediate expires too soon to sign anything. */
        CA_EXPIRED,
        /** Another argument (a DNS name, for example) is not acceptable. */
        INVALID_REQUEST,
    }

    private final Reason reason;

    /** Creates an exception for {@code reason}. */
    public CertificateIssuanceException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** Creates an exception for {@code reason} with a cause. */
    public CertificateIssuanceException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = requireNonNull(reason, "reason");
    }

    /** Returns why the request was refused. */
    public Reason reason() {
        return reason;
    }
}
