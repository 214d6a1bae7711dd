package io.weft.sidecar.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import io.weft.certs.PeerVerifier;
import io.weft.sidecar.metrics.SidecarMetrics;

/**
 * A trust manager for one side of the handshake: it verifies the chains of clients (a listener's) or of
 * servers (a client's) with {@link Check}, on the event loop during the handshake (pure CPU, no IO), and
 * refuses to judge the other side's. Advertises no CA names: peers send their only certificate anyway.
 */
final class OneSidedTrustManager extends X509ExtendedTrustManager {
    /** The verification of a peer's chain, leaf first. */
    @FunctionalInterface
    interface Check {
        void verify(X509Certificate[] chain) throws CertificateException;
    }

    private final boolean verifiesClients;
    private final Check check;

    private OneSidedTrustManager(boolean verifiesClients, Check check) {
        this.verifiesClients = verifiesClients;
        this.check = check;
    }

    /** A listener's: verifies clients. */
    static OneSidedTrustManager forClients(Check check) {
        return new OneSidedTrustManager(true, check);
    }

    /**
     * The inbound listener's (Armeria's and the Netty front's): every client chain verified by {@link PeerTrust}
     * against the current trust bundle. A client that sends no certificate never reaches it: the engine refuses
     * it first.
     */
    static OneSidedTrustManager inbound(PeerTrust trust) {
        return forClients(chain -> trust.verify(chain, SidecarMetrics.DIRECTION_INBOUND, PeerVerifier.Purpose.CLIENT));
    }

    /** A client connection's: verifies servers. */
    static OneSidedTrustManager forServers(Check check) {
        return new OneSidedTrustManager(false, check);
    }

    private void verify(boolean client, X509Certificate[] chain) throws CertificateException {
        if (client != verifiesClients) {
            throw new CertificateException("this trust manager verifies " + (verifiesClients ? "clients" : "servers")
                                           + " only");
        }
        check.verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(true, chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(true, chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(true, chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(false, chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(false, chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(false, chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
