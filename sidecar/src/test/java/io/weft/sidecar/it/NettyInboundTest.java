package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

import io.weft.certs.CertificateAuthority;
import io.weft.certs.SpiffeId;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.protocol.v1.Action;
import io.weft.protocol.v1.HeaderMatch;
import io.weft.protocol.v1.HttpPermission;
import io.weft.protocol.v1.Intention;
import io.weft.protocol.v1.Permission;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.InboundRelay;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.metrics.SidecarMetrics;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.EchoApp;
import io.weft.sidecar.testing.FakeControlPlane;
import io.weft.sidecar.testing.GrpcEchoApp;
import io.weft.sidecar.testing.GrpcWire;
import io.weft.sidecar.testing.SidecarExtension;
import io.weft.sidecar.testing.SumCalls;

/**
 * The inbound listener on the Netty front ({@code --inbound-relay netty}): gRPC streams relayed to a gRPC
 * app under the inbound policy (identity, authorization, deadline, metrics, failures), and everything else
 * (JSON transcoding, an HTTP app, HTTP/1.1, refused handshakes) as on the Armeria listener. Callers are
 * another sidecar's outbound listener, or a test client with a mesh certificate of its own ("tester").
 */
class NettyInboundTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ECHO_METHOD = "/weft.test.Echo/Call";

    @RegisterExtension
    static final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    static final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));
    static final GrpcEchoApp grpcEcho = new GrpcEchoApp();
    static Sidecar sum;
    static Sidecar echo;
    static Sidecar web;
    static Sidecar caller;
    static ClientFactory plain;
    static ClientFactory tester;

    @BeforeAll
    static void startMesh() {
        final int sumApp = apps.startSum("sum-1").activeLocalPort();
        sum = mesh.startSidecar(netty("sum", "sum-1", sumApp, AppProtocol.GRPC));
        echo = mesh.startSidecar(netty("echo", "echo-1", apps.startApp(grpcEcho.server()).activeLocalPort(),
                                       AppProtocol.GRPC));
        web = mesh.startSidecar(netty("web", "web-1", apps.startApp(EchoApp.build()).activeLocalPort(),
                                      AppProtocol.HTTP));
        caller = mesh.startSidecar("caller", "caller-1", sumApp, AppProtocol.GRPC, List.of("sum"));
        plain = ClientFactory.builder().build();
        tester = mesh.fakeControlPlane().meshClientFactory("tester");
    }

    @AfterAll
    static void closeFactories() {
        plain.close();
        tester.close();
    }

    private static io.weft.sidecar.config.SidecarConfig netty(String service, String id, int appPort,
                                                              AppProtocol protocol) {
        return mesh.config(service, id).appPort(appPort).appProtocol(protocol).inboundRelay(InboundRelay.NETTY)
                   .build();
    }

    @Test
    void allFourSumMethodsThroughTheNettyFront() throws Exception {
        SumCalls.allFour(plain, caller.outboundPort(), "sum");

        // Recorded by the relay in the inbound listener's series, by caller.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(requests(sum, "caller", "OK")).isGreaterThanOrEqualTo(4));
    }

    @Test
    void grpcIsRelayedByTheFrontWhileOtherRequestsGoThroughArmeria() {
        final Sidecar probe = mesh.startSidecar(netty("probe", "probe-1", grpcEcho.server().activeLocalPort(),
                                                      AppProtocol.GRPC));
        final WebClient client = WebClient.builder("https://127.0.0.1:" + probe.inboundPort()).factory(tester)
                                          .build();
        final AggregatedHttpResponse relayed = client.execute(HttpRequest.of(GrpcWire.request(ECHO_METHOD).build(),
                                                                             HttpData.wrap(GrpcWire.frame(new byte[] { 1 }))))
                                                     .aggregate().join();
        assertThat(GrpcWire.status(relayed)).isEqualTo("0");
        // The Armeria listeners (the private inbound one, outbound, admin) have seen no connection.
        assertThat(armeriaConnections(probe)).isZero();

        final AggregatedHttpResponse passed = client.post("/not-a-route", "{}").aggregate().join();
        // The transcoder's answer (no descriptors from this app: not ready), from the Armeria path.
        assertThat(passed.headers().get(FailureResponses.FAILURE_HEADER)).isIn("no_route", "not_ready");
        assertThat(armeriaConnections(probe)).isEqualTo(1); // the front's to the private listener
    }

    /**
     * With the access log on, relayed streams stay on the front (no connection to the Armeria path) and each
     * gets its line, counted by the relay: direction, path, statuses, the verified caller, the app, body bytes.
     */
    @Test
    void relayedStreamsAreInTheAccessLog(@TempDir Path dir) throws Exception {
        final Path log = dir.resolve("access.log");
        final Sidecar logged = mesh.startSidecar(
                mesh.config("logged", "logged-1").appPort(grpcEcho.server().activeLocalPort())
                    .appProtocol(AppProtocol.GRPC).inboundRelay(InboundRelay.NETTY)
                    .observability(0.01, null, log.toString()).build());
        final AggregatedHttpResponse res =
                WebClient.builder("https://127.0.0.1:" + logged.inboundPort()).factory(tester).build()
                         .execute(HttpRequest.of(GrpcWire.request(ECHO_METHOD).build(),
                                                 HttpData.wrap(GrpcWire.frame(new byte[] { 1, 2, 3 }))))
                         .aggregate().join();
        assertThat(GrpcWire.status(res)).isEqualTo("0");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && !Files.readAllLines(log).isEmpty());
        final JsonNode line = JSON.readTree(Files.readAllLines(log).get(0));
        assertThat(line.get("direction").asText()).isEqualTo("inbound");
        assertThat(line.get("path").asText()).isEqualTo(ECHO_METHOD);
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("grpc_status").asText()).isEqualTo("0");
        assertThat(line.get("peer").asText()).isEqualTo(testerId().uri());
        assertThat(line.get("upstream").asText()).isEqualTo("logged");
        assertThat(line.get("upstream_endpoint").asText()).endsWith(":" + grpcEcho.server().activeLocalPort());
        assertThat(line.get("bytes_in").asLong()).isEqualTo(8); // a 5-byte gRPC frame header and 3 bytes
        assertThat(line.get("bytes_out").asLong()).isPositive();
        assertThat(armeriaConnections(logged)).isZero();
    }

    @Test
    void largeMessagesPassUncappedAndUncopiedInContent() {
        // 12 MiB: more than --max-request-bytes (8 MiB), which caps HTTP bodies but not gRPC streams.
        final byte[] message = new byte[12 << 20];
        ThreadLocalRandom.current().nextBytes(message);
        final AggregatedHttpResponse res = call(GrpcWire.request(ECHO_METHOD), message);
        assertThat(GrpcWire.status(res)).isEqualTo("0");
        assertThat(res.content().length()).isEqualTo(message.length + 5);
        assertThat(Arrays.equals(Arrays.copyOfRange(res.content().array(), 5, message.length + 5), message))
                .isTrue();
    }

    @Test
    void callerSuppliedIdentityHeadersAreReplacedByTheVerifiedOne() {
        final AggregatedHttpResponse res = call(GrpcWire.request(ECHO_METHOD).add("x-weft-peer-identity", "spiffe://evil/ns/x/sa/y")
                                                             .add("x-weft-relayed-peer", "guess spiffe://evil")
                                                             .add("x-forwarded-for", "10.0.0.1"),
                                                new byte[] { 1, 2, 3 });
        assertThat(GrpcWire.status(res)).isEqualTo("0");
        assertThat(res.headers().get("x-seen-x-weft-peer-identity")).isEqualTo(testerId().uri());
        assertThat(res.headers().get("x-seen-x-weft-relayed-peer")).isEqualTo("none");
        assertThat(res.headers().get("x-seen-x-forwarded-for")).isEqualTo("none");
    }

    @Test
    void deniedCallerGetsPermissionDeniedAndIsCounted() {
        final double before = denied(echo, "tester");
        mesh.fakeControlPlane().putIntentions("echo", List.of(FakeControlPlane.intention("tester", "echo", false, 9)));
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(GrpcWire.status(call(GrpcWire.request(ECHO_METHOD), new byte[] { 1 }))).isEqualTo("7"));
            final AggregatedHttpResponse res = call(GrpcWire.request(ECHO_METHOD), new byte[] { 1 });
            assertThat(res.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("denied");
            assertThat(res.headers().get("grpc-message")).contains("'tester'");
            assertThat(denied(echo, "tester")).isGreaterThan(before);
            assertThat(requests(echo, "tester", "PERMISSION_DENIED")).isPositive();
        } finally {
            mesh.fakeControlPlane().putIntentions("echo", List.of());
        }
    }

    /**
     * An L7 intention on the relay's gRPC path: the first permission matching the method, path and a header
     * decides; a request no permission matches gets the default (allow here), not a lower-precedence rule.
     */
    @Test
    void l7IntentionDeniesOneHeaderOnTheGrpcPathNamingThePermissionAndCountsIt() {
        final double before = denied(echo, "tester");
        mesh.fakeControlPlane().putIntentions("echo", List.of(
                Intention.newBuilder().setSource("tester").setDestination("echo").setPrecedence(9)
                         .addPermissions(Permission.newBuilder().setAction(Action.DENY).setHttp(
                                 HttpPermission.newBuilder().setPathExact(ECHO_METHOD).addMethods("POST")
                                               .addHeaders(HeaderMatch.newBuilder().setName("x-tenant")
                                                                      .setExact("blocked"))))
                         .build(),
                FakeControlPlane.intention("*", "echo", false, 8)));
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    GrpcWire.status(call(GrpcWire.request(ECHO_METHOD).add("x-tenant", "blocked"), new byte[] { 1 }))).isEqualTo("7"));
            final AggregatedHttpResponse res = call(GrpcWire.request(ECHO_METHOD).add("x-tenant", "blocked"), new byte[] { 1 });
            assertThat(res.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("denied");
            assertThat(res.headers().get("grpc-message"))
                    .contains("'tester'").contains("intention tester -> echo, Permissions[0] (deny POST " + ECHO_METHOD);
            assertThat(denied(echo, "tester", "intention tester Permissions[0]")).isPositive();
            // No permission matches: the default (allow in this mesh) decides, not the wildcard deny below it.
            assertThat(GrpcWire.status(call(GrpcWire.request(ECHO_METHOD).add("x-tenant", "other"), new byte[] { 1 }))).isEqualTo("0");
            assertThat(GrpcWire.status(call(GrpcWire.request(ECHO_METHOD), new byte[] { 1 }))).isEqualTo("0");
            assertThat(denied(echo, "tester")).isGreaterThan(before);
        } finally {
            mesh.fakeControlPlane().putIntentions("echo", List.of());
        }
    }

    @Test
    void expiredDeadlineAnswersDeadlineExceededAndResetsTheAppStream() {
        final int cancelledBefore = grpcEcho.cancelled();
        final AggregatedHttpResponse res = call(GrpcWire.request(ECHO_METHOD).add("grpc-timeout", "200m")
                                                             .add(GrpcEchoApp.DELAY_HEADER, "30000"),
                                                new byte[] { 1 });
        assertThat(GrpcWire.status(res)).isEqualTo("4");
        assertThat(res.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("timeout");
        await().atMost(Duration.ofSeconds(10)).until(() -> grpcEcho.cancelled() > cancelledBefore);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(requests(echo, "tester", "DEADLINE_EXCEEDED")).isPositive());
    }

    @Test
    void appDownIsUnavailableNamingTheFailure() throws Exception {
        final int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        final Sidecar down = mesh.startSidecar(netty("down", "down-1", closedPort, AppProtocol.GRPC));
        final AggregatedHttpResponse res = WebClient.builder("https://127.0.0.1:" + down.inboundPort())
                                                    .factory(tester).build()
                                                    .execute(HttpRequest.of(GrpcWire.request(ECHO_METHOD).build(),
                                                                            HttpData.wrap(GrpcWire.frame(new byte[] { 1 }))))
                                                    .aggregate().join();
        assertThat(GrpcWire.status(res)).isEqualTo("14");
        assertThat(res.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("unreachable");
    }

    @Test
    void jsonIsTranscodedBehindTheFront() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final AggregatedHttpResponse res =
                    inbound(sum, "https").execute(RequestHeaders.builder(HttpMethod.POST, "/v1/sum")
                                                                .contentType(MediaType.JSON).build(),
                                                  "{\"a\":20,\"b\":22}").aggregate().join();
            assertThat(res.status()).isEqualTo(HttpStatus.OK);
            assertThat(JSON.readTree(res.contentUtf8()).get("sum").asText()).isEqualTo("42");
        });
    }

    @Test
    void httpAppOverHttp2AndHttp1SeesTheVerifiedCallerOnly() throws Exception {
        for (String scheme : new String[] { "https", "h1" }) {
            final AggregatedHttpResponse res =
                    inbound(web, scheme).execute(RequestHeaders.builder(HttpMethod.GET, "/hello?x=1")
                                                               .add("x-weft-peer-identity", "spiffe://evil")
                                                               .add("x-weft-relayed-peer", "guess spiffe://evil")
                                                               .build()).aggregate().join();
            assertThat(res.status()).as(scheme).isEqualTo(HttpStatus.OK);
            final JsonNode seen = JSON.readTree(res.contentUtf8());
            assertThat(seen.get("path").asText()).isEqualTo("/hello");
            assertThat(seen.get("headers").get("x-weft-peer-identity").asText()).isEqualTo(testerId().uri());
            assertThat(seen.get("headers").has("x-weft-relayed-peer")).as(scheme).isFalse();
        }
    }

    @Test
    void noClientCertificateAndPlaintextAreRefusedAndCounted() throws Exception {
        final double noCert = web.metrics().handshakeFailures(SidecarMetrics.DIRECTION_INBOUND, "no_certificate");
        try (ClientFactory anonymous = ClientFactory.builder().tlsNoVerify().build()) {
            assertThatThrownBy(() -> WebClient.builder("https://127.0.0.1:" + web.inboundPort()).factory(anonymous)
                                              .build().get("/").aggregate().join())
                    .hasRootCauseInstanceOf(javax.net.ssl.SSLException.class);
        }
        await().atMost(Duration.ofSeconds(5)).until(
                () -> web.metrics().handshakeFailures(SidecarMetrics.DIRECTION_INBOUND, "no_certificate") > noCert);

        final double notTls = web.metrics().handshakeFailures(SidecarMetrics.DIRECTION_INBOUND, "not_tls");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", web.inboundPort())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: web\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            final String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).doesNotContain("HTTP/1.1 200");
        }
        await().atMost(Duration.ofSeconds(5)).until(
                () -> web.metrics().handshakeFailures(SidecarMetrics.DIRECTION_INBOUND, "not_tls") > notTls);
    }

    private static AggregatedHttpResponse call(RequestHeadersBuilder headers, byte[] message) {
        return WebClient.builder("https://127.0.0.1:" + echo.inboundPort()).factory(tester)
                        .maxResponseLength(0).responseTimeoutMillis(0).build()
                        .execute(HttpRequest.of(headers.build(), HttpData.wrap(GrpcWire.frame(message))))
                        .aggregate().join();
    }

    private static WebClient inbound(Sidecar sidecar, String scheme) {
        return WebClient.builder(scheme + "://127.0.0.1:" + sidecar.inboundPort()).factory(tester).build();
    }

    private static SpiffeId testerId() {
        final CertificateAuthority ca = mesh.fakeControlPlane().ca();
        return SpiffeId.of(ca.trustDomain(), ca.datacenter(), "tester");
    }

    private static double armeriaConnections(Sidecar sidecar) {
        return sidecar.metrics().registry().find("armeria.server.connections").gauges().stream()
                      .mapToDouble(io.micrometer.core.instrument.Gauge::value).sum();
    }

    private static double denied(Sidecar sidecar, String peer) {
        return sidecar.metrics().registry().find("weft.authz.denied").tag("peer", peer).counters().stream()
                      .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private static double denied(Sidecar sidecar, String peer, String rule) {
        final var counter = sidecar.metrics().registry().find("weft.authz.denied").tags("peer", peer, "rule", rule)
                                   .counter();
        return counter == null ? 0 : counter.count();
    }

    private static long requests(Sidecar sidecar, String peer, String grpcCode) {
        return sidecar.metrics().registry().find("weft.requests").tags("direction", "inbound", "peer", peer,
                                                                      "grpc_code", grpcCode)
                      .timers().stream().mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }
}
