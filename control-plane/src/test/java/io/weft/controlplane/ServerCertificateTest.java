package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.weft.certs.Pem;
import io.weft.controlplane.testing.ControlPlaneExtension;

/** The stream's TLS certificate: from the mesh CA, with the SANs sidecars check. */
class ServerCertificateTest {

    @RegisterExtension
    final ControlPlaneExtension controlPlanes = new ControlPlaneExtension();

    @Test
    void streamCertificateCarriesLocalhostLoopbackTheSpiffeIdAndConfiguredNames() throws Exception {
        final ControlPlane controlPlane = controlPlanes.startControlPlane(
                controlPlanes.config().serverDnsNames(List.of("control-plane")).build());
        final X509Certificate root = Pem.parseCertificate(Files.readString(controlPlane.rootCaPemFile()));
        final KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("root", root);
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        final SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1",
                                                                                controlPlane.streamPort())) {
            socket.startHandshake(); // verifies the chain against root.pem
            final X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(leaf.getSubjectAlternativeNames())
                    .contains(List.of(2, "localhost"), List.of(2, "control-plane"), List.of(7, "127.0.0.1"),
                              List.of(6, "spiffe://weft.local/ns/default/dc/dc1/svc/weft-control-plane"));
        }
    }
}
