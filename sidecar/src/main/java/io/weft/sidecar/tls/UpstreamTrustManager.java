package io.weft.sidecar.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of a Netty client connection to one upstream service: the server's chain goes through
 * the same check as Armeria's connections ({@link UpstreamTlsSpecs}: trust bundle, then the SPIFFE ID the
 * service must carry), during the handshake on the event loop (pure CPU, no IO).
 */
final class UpstreamTrustManager extends X509ExtendedTrustManager {
    /** The check of {@link UpstreamTlsSpecs} for one service. */
    interface ServerCheck {
        void verify(X509Certificate[] chain) throws CertificateException;
    }

    private final ServerCheck check;

    UpstreamTrustManager(ServerCheck check) {
        this.check = check;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check.verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check.verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check.verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("an upstream trust manager verifies servers only");
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
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
