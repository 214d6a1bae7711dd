package io.weft.certs;

import static io.weft.certs.PeerVerifierTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weft.certs.PeerVerificationException.Reason;

class SpiffeTrustManagerTest {

    private final CertificateAuthority ca = TestPki.ca();
    private final PeerVerifier verifier = TestPki.verifier(ca);
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void checksIdentityPerSide() throws Exception {
        final X509Certificate[] sum = TestPki.leaf("sum").chainArray();
        final SpiffeTrustManager any = SpiffeTrustManager.builder(verifier).clock(TestPki.CLOCK).build();
        any.checkClientTrusted(sum, "ECDHE_ECDSA");
        any.checkServerTrusted(sum, "ECDHE_ECDSA");
        assertThat(any.getAcceptedIssuers()).containsExactly(ca.rootCertificate());

        final SpiffeTrustManager wantsHello = SpiffeTrustManager.builder(verifier).clock(TestPki.CLOCK)
                .expectedServer(TestPki.id("hello")).build();
        assertFails(() -> wantsHello.checkServerTrusted(sum, "ECDHE_ECDSA"), Reason.UNEXPECTED_IDENTITY,
                    "server: spiffe://weft.local/ns/default/dc/dc1/svc/sum " +
                    "(expected: spiffe://weft.local/ns/default/dc/dc1/svc/hello)");
        wantsHello.checkClientTrusted(sum, "ECDHE_ECDSA");

        final SpiffeTrustManager systemClock = SpiffeTrustManager.of(verifier);
        // The fixture's leaves were issued at 2026-01-01 for a day; the real clock is later.
        assertFails(() -> systemClock.checkClientTrusted(sum, "ECDHE_ECDSA"), Reason.EXPIRED, "expired");
    }

    @Test
    void mutualTlsHandshakeSucceedsWithTheExpectedServer() throws Exception {
        final KeyPair serverKeys = KeyPairs.generateEc();
        final KeyPair clientKeys = KeyPairs.generateEc();
        final IssuedCertificate server = ca.issue(TestPki.csr(serverKeys, "sum"), "sum");
        final IssuedCertificate client = ca.issue(TestPki.csr(clientKeys, "hello"), "hello");
        final SpiffeTrustManager serverTrust = SpiffeTrustManager.builder(verifier).clock(TestPki.CLOCK)
                .clientIdentity(id -> id.service().equals("hello"), "service hello").build();
        final SpiffeTrustManager clientTrust = SpiffeTrustManager.builder(verifier).clock(TestPki.CLOCK)
                .expectedServer(TestPki.id("sum")).build();

        try (SSLServerSocket listener = listen(context(serverKeys, server, serverTrust))) {
            final Future<String> accepted = executor.submit(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.startHandshake();
                    final X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                    socket.getOutputStream().write(1);
                    return PeerVerifier.spiffeIdOf(peer, "weft.local").uri();
                }
            });
            try (SSLSocket socket = connect(context(clientKeys, client, clientTrust), listener)) {
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo(1);
            }
            assertThat(accepted.get(30, TimeUnit.SECONDS)).isEqualTo(TestPki.id("hello").uri());
        }
    }

    @Test
    void handshakeFailsWhenTheServerIsNotTheExpectedOne() throws Exception {
        final KeyPair serverKeys = KeyPairs.generateEc();
        final KeyPair clientKeys = KeyPairs.generateEc();
        final IssuedCertificate server = ca.issue(TestPki.csr(serverKeys, "sum"), "sum");
        final IssuedCertificate client = ca.issue(TestPki.csr(clientKeys, "hello"), "hello");
        final SpiffeTrustManager clientTrust = SpiffeTrustManager.builder(verifier).clock(TestPki.CLOCK)
                .expectedServer(TestPki.id("billing")).build();
        final SpiffeTrustManager serverTrust = SpiffeTrustManager.builder(verifier).clock(TestPki.CLOCK).build();

        try (SSLServerSocket listener = listen(context(serverKeys, server, serverTrust))) {
            final Future<?> accepted = executor.submit(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.startHandshake();
                } catch (IOException expected) {
                    // the client aborts the handshake
                }
                return null;
            });
            try (SSLSocket socket = connect(context(clientKeys, client, clientTrust), listener)) {
                assertThatThrownBy(socket::startHandshake)
                        .isInstanceOf(SSLException.class)
                        .hasRootCauseInstanceOf(PeerVerificationException.class)
                        .rootCause().hasMessageContaining("UNEXPECTED_IDENTITY: server: ");
            }
            accepted.get(30, TimeUnit.SECONDS);
        }
    }

    private static SSLContext context(KeyPair keys, IssuedCertificate chain, TrustManager trust) throws Exception {
        final KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("mesh", keys.getPrivate(), new char[0], chain.chainArray());
        final KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
        keyManagers.init(store, new char[0]);
        final SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), new TrustManager[] { trust }, null);
        return context;
    }

    private static SSLServerSocket listen(SSLContext context) throws IOException {
        final SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setNeedClientAuth(true);
        return listener;
    }

    private static SSLSocket connect(SSLContext context, SSLServerSocket listener) throws IOException {
        final SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        socket.setSoTimeout(30_000);
        return socket;
    }
}
