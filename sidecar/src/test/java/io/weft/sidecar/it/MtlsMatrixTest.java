package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.TlsKeyPair;

import io.weft.certs.CaOptions;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.IssuedCertificate;
import io.weft.certs.KeyPairs;
import io.weft.certs.SpiffeId;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.metrics.SidecarMetrics;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.EchoApp;
import io.weft.sidecar.testing.FakeControlPlane;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * Every way a peer can fail mesh mTLS is refused and counted by reason: no client certificate,
 * a certificate from another CA, an expired certificate, a server with the wrong identity, and a
 * valid caller denied by an intention.
 */
class MtlsMatrixTest {
    @RegisterExtension
    static final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    static final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));
    static Sidecar echo;
    static Sidecar caller;
    static ClientFactory plain;

    @BeforeAll
    static void startMesh() {
        final int echoApp = apps.startApp(EchoApp.build()).activeLocalPort();
        echo = mesh.startSidecar("echo", "echo-1", echoApp, AppProtocol.HTTP, List.of());
        caller = mesh.startSidecar("caller", "caller-1", echoApp, AppProtocol.HTTP, List.of());
        plain = ClientFactory.builder().build();
    }

    @AfterAll
    static void closeFactory() {
        plain.close();
    }

    @Test
    void noClientCertificateFailsTheHandshakeAndIsCounted() {
        final double before = failures(echo, SidecarMetrics.DIRECTION_INBOUND, "no_certificate");
        try (ClientFactory noCert = ClientFactory.builder().tlsNoVerify().build()) {
            assertThatThrownBy(() -> inbound(noCert).get("/").aggregate().join())
                    .hasRootCauseInstanceOf(javax.net.ssl.SSLException.class);
        }
        await().atMost(Duration.ofSeconds(5)).until(
                () -> failures(echo, SidecarMetrics.DIRECTION_INBOUND, "no_certificate") > before);
    }

    @Test
    void plaintextOnTheMtlsPortIsRefusedAndCounted() throws Exception {
        final double before = failures(echo, SidecarMetrics.DIRECTION_INBOUND, "not_tls");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", echo.inboundPort())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: echo\r\n\r\n".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            final byte[] buf = new byte[512];
            int n;
            final StringBuilder answer = new StringBuilder();
            while ((n = socket.getInputStream().read(buf)) > 0) { // the sidecar closes the connection
                answer.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            assertThat(answer.toString()).doesNotContain("HTTP/1.1 200");
        }
        await().atMost(Duration.ofSeconds(5)).until(
                () -> failures(echo, SidecarMetrics.DIRECTION_INBOUND, "not_tls") > before);
    }

    @Test
    void certificateFromAnotherCaIsRefusedAndCounted() {
        final CertificateAuthority other = CertificateAuthority.generate(CaOptions.of(FakeControlPlane.TRUST_DOMAIN));
        callWith(other, "caller");
        assertThat(failures(echo, SidecarMetrics.DIRECTION_INBOUND, "unknown_ca")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void expiredCertificateIsRefusedAndCounted() {
        final CertificateAuthority past = mesh.fakeControlPlane().ca().withClock(
                Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC));
        callWith(past, "caller");
        assertThat(failures(echo, SidecarMetrics.DIRECTION_INBOUND, "expired")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void serverWithTheWrongIdentityIsRefusedAndCounted() {
        // The control plane claims "impostor" lives at echo's inbound port: echo's cert says "echo".
        mesh.fakeControlPlane().putEndpoint("impostor", "impostor-1", echo.inboundPort());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            final AggregatedHttpResponse res = MeshClients.http(plain, caller.outboundPort())
                    .execute(RequestHeaders.builder(HttpMethod.GET, "/").authority("impostor").build())
                    .aggregate().handle((r, e) -> r).join();
            assertThat(res == null || res.status() != HttpStatus.OK).isTrue();
            assertThat(failures(caller, SidecarMetrics.DIRECTION_OUTBOUND, "wrong_identity"))
                    .isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void callerDeniedByIntentionIsRefusedAndCounted() {
        mesh.fakeControlPlane().putIntentions("echo", List.of(
                FakeControlPlane.intention("caller", "echo", false, 9),
                FakeControlPlane.intention("*", "echo", true, 1)));
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                final AggregatedHttpResponse res = MeshClients.http(plain, caller.outboundPort())
                        .execute(RequestHeaders.builder(HttpMethod.GET, "/").authority("echo").build())
                        .aggregate().join();
                assertThat(res.status()).isEqualTo(HttpStatus.FORBIDDEN);
            });
            assertThat(echo.metrics().registry().find("weft.authz.denied").tag("peer", "caller").counter()
                           .count()).isGreaterThanOrEqualTo(1);
        } finally {
            mesh.fakeControlPlane().putIntentions("echo", List.of());
        }
    }

    @Test
    void refusalsAreExposedOnTheAdminMetricsEndpoint() {
        try (ClientFactory noCert = ClientFactory.builder().tlsNoVerify().build()) {
            inbound(noCert).get("/").aggregate().handle((res, cause) -> null).join();
        }
        await().atMost(Duration.ofSeconds(5)).until(
                () -> failures(echo, SidecarMetrics.DIRECTION_INBOUND, "no_certificate") > 0);
        final String metrics = MeshClients.http(plain, echo.adminPort()).get("/metrics").aggregate().join()
                                          .contentUtf8();
        assertThat(metrics).contains("weft_tls_handshake_failures_total{direction=\"inbound\",reason=\"no_certificate\"}")
                           .contains("weft_certificate_expiry_seconds");
    }

    private static void callWith(CertificateAuthority ca, String service) {
        final KeyPair keyPair = KeyPairs.generateEc();
        final IssuedCertificate cert = ca.issue(
                CertificateSigningRequests.create(keyPair, SpiffeId.of(ca.trustDomain(), ca.datacenter(), service)),
                service, Duration.ofMinutes(10));
        try (ClientFactory factory = ClientFactory.builder().tlsNoVerify()
                                                  .tls(TlsKeyPair.of(keyPair.getPrivate(), cert.chain())).build()) {
            assertThatThrownBy(() -> {
                final AggregatedHttpResponse res = inbound(factory).get("/").aggregate().join();
                throw new AssertionError("expected the handshake to fail, got " + res.status());
            }).isNotInstanceOf(AssertionError.class);
        }
    }

    private static WebClient inbound(ClientFactory factory) {
        return WebClient.builder("https://127.0.0.1:" + echo.inboundPort()).factory(factory).build();
    }

    private static double failures(Sidecar sidecar, String direction, String reason) {
        return sidecar.metrics().handshakeFailures(direction, reason);
    }
}
