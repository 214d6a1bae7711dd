package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.IssuedCertificate;
import io.weft.certs.KeyPairs;
import io.weft.certs.SpiffeId;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.InboundRelay;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.SidecarExtension;

/** The Netty front serves each new connection with the key pair current then: rotation reaches it. */
class NettyFrontRotationTest {
    @RegisterExtension
    final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofSeconds(10));

    @Test
    void newConnectionsGetTheRotatedCertificate() throws Exception {
        final int sumApp = apps.startSum("sum-1").activeLocalPort();
        final Sidecar sum = mesh.startSidecar(mesh.config("sum", "sum-1").appPort(sumApp).appProtocol(AppProtocol.GRPC)
                                                  .inboundRelay(InboundRelay.NETTY).build());
        final CertificateAuthority ca = mesh.fakeControlPlane().ca();
        final KeyPair keyPair = KeyPairs.generateEc();
        final IssuedCertificate cert = ca.issue(
                CertificateSigningRequests.create(keyPair, SpiffeId.of(ca.trustDomain(), ca.datacenter(), "tester")),
                "tester", Duration.ofMinutes(10));
        final JdkSslContext client = (JdkSslContext) SslContextBuilder
                .forClient().sslProvider(SslProvider.JDK)
                .keyManager(keyPair.getPrivate(), cert.chain().toArray(X509Certificate[]::new))
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();

        final X509Certificate first = served(client, sum.inboundPort());
        assertThat(first).isEqualTo(sum.identity().current().leaf());
        final long rotations = sum.identity().rotations();
        await().atMost(Duration.ofSeconds(30)).until(() -> sum.identity().rotations() > rotations);
        final X509Certificate next = served(client, sum.inboundPort());
        assertThat(next.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(next.getNotAfter()).isAfter(first.getNotAfter()); // a later one, whichever rotation it came from
    }

    private static X509Certificate served(JdkSslContext client, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) client.context().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
