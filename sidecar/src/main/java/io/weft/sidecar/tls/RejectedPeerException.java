package io.weft.sidecar.tls;

import java.security.cert.CertificateException;

import io.weft.common.annotation.Nullable;

/** A TLS peer refused by the mesh's rules; {@link #reason()} is the metric label. */
public final class RejectedPeerException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public RejectedPeerException(String reason, String message, @Nullable Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
