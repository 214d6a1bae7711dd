package io.weft.sidecar.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import io.weft.certs.PeerVerifier;
import io.weft.sidecar.metrics.SidecarMetrics;

/**
 * The inbound listener's trust manager: every client chain is verified by {@link PeerTrust} against
 * the current trust bundle, during the handshake (runs on the event loop; pure CPU, no IO).
 * A client that sends no certificate never reaches it: the engine refuses it first.
 */
final class InboundTrustManager extends X509ExtendedTrustManager {
    private final PeerTrust trust;

    InboundTrustManager(PeerTrust trust) {
        this.trust = trust;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust.verify(chain, SidecarMetrics.DIRECTION_INBOUND, PeerVerifier.Purpose.CLIENT);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the inbound trust manager verifies clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // Empty: do not advertise CA names; clients send their only certificate anyway.
        return new X509Certificate[0];
    }
}
