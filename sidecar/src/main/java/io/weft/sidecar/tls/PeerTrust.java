package io.weft.sidecar.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Locale;

import io.weft.common.annotation.Nullable;

import io.weft.certs.PeerVerificationException;
import io.weft.certs.PeerVerifier;
import io.weft.certs.SpiffeId;
import io.weft.certs.TrustBundle;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.metrics.SidecarMetrics;

/**
 * Verifies TLS peers against the trust bundle the control plane pushed most recently. The bundle is
 * swapped with one volatile write when a new one arrives, so every handshake sees the latest roots;
 * every refusal is counted by reason.
 */
public final class PeerTrust {
    private final Clock clock;
    private final SidecarMetrics metrics;
    @Nullable
    private volatile PeerVerifier verifier;
    @Nullable
    private volatile TrustBundle bundle;

    public PeerTrust(Clock clock, SidecarMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Follows the mesh state; cheap when the bundle did not change. */
    public void onMeshState(MeshState state) {
        final TrustBundle next = state.trustBundle();
        if (next != null && !next.equals(bundle) && state.trustDomain() != null) {
            verifier = new PeerVerifier(next, state.trustDomain());
            bundle = next;
        }
    }

    @Nullable
    public TrustBundle bundle() {
        return bundle;
    }

    /**
     * Verifies the chain and returns the peer's SPIFFE ID.
     *
     * @throws CertificateException (a {@link RejectedPeerException}) when refused; the reason is counted
     */
    public SpiffeId verify(X509Certificate[] chain, String direction, PeerVerifier.Purpose purpose)
            throws CertificateException {
        final PeerVerifier v = verifier;
        if (v == null) {
            throw reject(direction, "no_trust_bundle", "no trust bundle received from the control plane yet", null);
        }
        if (chain == null || chain.length == 0) {
            throw reject(direction, "no_certificate", "peer sent no certificate", null);
        }
        try {
            return v.verify(chain, clock.instant(), purpose);
        } catch (PeerVerificationException e) {
            throw reject(direction, e.reason().name().toLowerCase(Locale.ROOT), e.getMessage(), e);
        }
    }

    /** Counts a refusal and makes the exception that aborts the handshake. */
    public RejectedPeerException reject(String direction, String reason, String message, @Nullable Throwable cause) {
        metrics.handshakeFailure(direction, reason);
        return new RejectedPeerException(reason, message, cause);
    }
}
