package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.SessionProtocol;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.common.netty.BossGroups;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.OutboundRelay;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.GrpcEchoApp;
import io.weft.sidecar.testing.GrpcWire;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;
import io.weft.sidecar.testing.SumCalls;

/**
 * The outbound listener on the Netty front ({@code --outbound-relay netty}): HTTP/2 to an upstream without
 * Consul routes relayed to its endpoints over mTLS (the four gRPC call kinds, JSON and plain HTTP, a large
 * message, balancing, the deadline, retries by request kind, the replay limit and the body cap), and
 * everything else answered by the Armeria outbound path as before (unknown service, HTTP/1.1). The callers
 * are the test, as an app, on the caller sidecar's port.
 */
class NettyOutboundTest {
    private static final String ECHO_METHOD = "/weft.test.Echo/Call";

    @RegisterExtension
    static final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    static final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));
    static final GrpcEchoApp grpcEcho = new GrpcEchoApp();
    static Sidecar sum1;
    static Sidecar sum2;
    static Sidecar caller;
    static Sidecar armeriaCaller;
    /** A caller on the Netty front used by no other test: its Armeria listeners' connections stay countable. */
    static Sidecar httpCaller;
    static ClientFactory plain;
    /** The HTTP app behind "web-down": answers its own 503 to everything, counting by method. */
    static final AtomicInteger webDownGets = new AtomicInteger();
    static final AtomicInteger webDownPosts = new AtomicInteger();
    private static final long CAP = 64 * 1024;

    @BeforeAll
    static void startMesh() throws Exception {
        final int sumApp1 = apps.startSum("sum-1").activeLocalPort();
        sum1 = mesh.startSidecar("sum", "sum-1", sumApp1, AppProtocol.GRPC, List.of());
        sum2 = mesh.startSidecar("sum", "sum-2", apps.startSum("sum-2").activeLocalPort(), AppProtocol.GRPC,
                                 List.of());
        mesh.startSidecar("echo", "echo-1", apps.startApp(grpcEcho.server()).activeLocalPort(), AppProtocol.GRPC,
                          List.of());
        // "flaky": one instance whose app is down (its sidecar answers UNAVAILABLE), one healthy.
        final int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        mesh.startSidecar("flaky", "flaky-down", closedPort, AppProtocol.GRPC, List.of());
        mesh.startSidecar("flaky", "flaky-up", apps.startApp(new GrpcEchoApp().server()).activeLocalPort(),
                          AppProtocol.GRPC, List.of());
        // "web": a plain HTTP service; one instance's app answers 503 itself (after it had the request).
        mesh.startSidecar("web", "web-down", apps.startApp(BossGroups.applyTo(Server.builder()).http(0).serviceUnder("/", (ctx, req) -> {
            (req.method() == HttpMethod.POST ? webDownPosts : webDownGets).incrementAndGet();
            return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, "down");
        }).build()).activeLocalPort(), AppProtocol.HTTP, List.of());
        mesh.startSidecar("web", "web-up", apps.startApp(BossGroups.applyTo(Server.builder()).http(0).serviceUnder(
                "/", (ctx, req) -> HttpResponse.of("up")).build()).activeLocalPort(), AppProtocol.HTTP, List.of());
        final List<String> upstreams = List.of("sum", "echo", "flaky", "web");
        caller = mesh.startSidecar(mesh.config("caller", "caller-1").appPort(sumApp1).appProtocol(AppProtocol.GRPC)
                                       .upstreams(upstreams).outboundRelay(OutboundRelay.NETTY)
                                       .maxRequestBytes(CAP).build());
        armeriaCaller = mesh.startSidecar(mesh.config("caller", "caller-2").appPort(sumApp1)
                                              .appProtocol(AppProtocol.GRPC).upstreams(upstreams)
                                              .outboundRelay(OutboundRelay.ARMERIA).maxRequestBytes(CAP).build());
        httpCaller = mesh.startSidecar(mesh.config("caller", "caller-3").appPort(sumApp1)
                                           .appProtocol(AppProtocol.GRPC).upstreams(upstreams)
                                           .outboundRelay(OutboundRelay.NETTY).build());
        for (Sidecar s : List.of(caller, armeriaCaller, httpCaller)) {
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> endpoints(s, "sum") == 2 && endpoints(s, "echo") == 1 && endpoints(s, "flaky") == 2 &&
                          endpoints(s, "web") == 2);
        }
        plain = ClientFactory.builder().build();
    }

    @AfterAll
    static void closeFactory() {
        plain.close();
    }

    @Test
    void allFourCallKindsAreRelayedWithoutTheArmeriaListener() throws Exception {
        final double connectionsBefore = armeriaConnections(caller);
        SumCalls.allFour(plain, caller.outboundPort(), "sum");

        // Recorded by the relay in the outbound series, by upstream; no Armeria listener of the caller
        // (private outbound, private inbound, admin) saw a new connection (an idle one may have closed).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(outboundRequests(caller, "sum", "OK")).isGreaterThanOrEqualTo(4));
        assertThat(armeriaConnections(caller)).isLessThanOrEqualTo(connectionsBefore);
    }

    @Test
    void aLargeMessageGoesThroughByteExact() {
        // 4 MiB: past the replay limit (64 KiB), so this call could not be retried; it need not be.
        final byte[] message = new byte[4 << 20];
        ThreadLocalRandom.current().nextBytes(message);
        final AggregatedHttpResponse res = call(caller, "echo", GrpcWire.request(ECHO_METHOD), message);
        assertThat(GrpcWire.status(res)).as("%s %s", res.headers(), res.trailers()).isEqualTo("0");
        assertThat(res.content().length()).isEqualTo(message.length + 5);
        assertThat(Arrays.equals(Arrays.copyOfRange(res.content().array(), 5, message.length + 5), message))
                .isTrue();
    }

    @Test
    void callsAreBalancedOverBothEndpoints() {
        final long before1 = inboundRequests(sum1);
        final long before2 = inboundRequests(sum2);
        final SumServiceGrpc.SumServiceBlockingStub stub = MeshClients.sumBlocking(plain, caller.outboundPort(),
                                                                                   "sum");
        for (int i = 0; i < 100; i++) {
            assertThat(stub.add(AddRequest.newBuilder().setA(i).setB(1).build()).getSum()).isEqualTo(i + 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(
                () -> inboundRequests(sum1) - before1 + inboundRequests(sum2) - before2 >= 100);
        assertThat(inboundRequests(sum1) - before1).isBetween(40L, 60L);
        assertThat(inboundRequests(sum2) - before2).isBetween(40L, 60L);
    }

    @Test
    void anUnavailableEndpointIsRetriedButABodyOverTheReplayLimitIsNot() {
        // Small calls: whichever instance the picker chooses first, every call ends OK (a retry on the
        // other instance); large ones (over 64 KiB) that meet the down instance answer its UNAVAILABLE.
        // Three calls a round over two instances: each kind meets the down one.
        final double retriesBefore = retries(caller, "flaky");
        int bigFailures = 0;
        for (int i = 0; i < 4; i++) {
            final AggregatedHttpResponse big = call(caller, "flaky", GrpcWire.request(ECHO_METHOD), new byte[100 * 1024]);
            if ("14".equals(GrpcWire.status(big))) {
                bigFailures++;
            } else {
                assertThat(GrpcWire.status(big)).isEqualTo("0");
            }
            for (int j = 0; j < 2; j++) {
                assertThat(GrpcWire.status(call(caller, "flaky", GrpcWire.request(ECHO_METHOD), new byte[] { 1 }))).isEqualTo("0");
            }
        }
        assertThat(bigFailures).as("large calls that met the down instance").isPositive();
        assertThat(retries(caller, "flaky") - retriesBefore).as("small calls retried").isPositive();
    }

    @Test
    void expiredGrpcTimeoutIsDeadlineExceededAndResetsTheUpstreamStream() {
        // The connection first, so that the deadline meets the call at the app and not in a TLS handshake.
        assertThat(GrpcWire.status(call(caller, "echo", GrpcWire.request(ECHO_METHOD), new byte[] { 1 }))).isEqualTo("0");
        final int cancelledBefore = grpcEcho.cancelled();
        final AggregatedHttpResponse res = call(caller, "echo", GrpcWire.request(ECHO_METHOD).add("grpc-timeout", "200m")
                                                                            .add(GrpcEchoApp.DELAY_HEADER, "30000"),
                                                new byte[] { 1 });
        assertThat(GrpcWire.status(res)).isEqualTo("4");
        assertThat(res.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("timeout");
        await().atMost(Duration.ofSeconds(10)).until(() -> grpcEcho.cancelled() > cancelledBefore);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(outboundRequests(caller, "echo", "DEADLINE_EXCEEDED")).isPositive());
    }

    @Test
    void unknownServiceAndHttp1AreAnsweredAsByTheArmeriaListener() {
        final AggregatedHttpResponse relayed = call(caller, "nope", GrpcWire.request(ECHO_METHOD), new byte[] { 1 });
        final AggregatedHttpResponse armeria = call(armeriaCaller, "nope", GrpcWire.request(ECHO_METHOD), new byte[] { 1 });
        assertThat(GrpcWire.status(relayed)).isEqualTo("5").isEqualTo(GrpcWire.status(armeria));
        assertThat(relayed.headers().get("grpc-message")).isEqualTo(armeria.headers().get("grpc-message"))
                                                         .contains("unknown service 'nope'");
        assertThat(relayed.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("no_route");

        // HTTP/1.1 (a JSON-less GET, to a gRPC upstream's sidecar) goes through the Armeria path whole.
        final AggregatedHttpResponse h1 = WebClient.builder(SessionProtocol.H1C, com.linecorp.armeria.client.Endpoint
                                                           .of("127.0.0.1", caller.outboundPort()))
                                                   .factory(plain).build()
                                                   .execute(RequestHeaders.builder(HttpMethod.GET, "/")
                                                                          .authority("nope").build())
                                                   .aggregate().join();
        assertThat(h1.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(h1.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("no_route");
    }

    @Test
    void jsonAndPlainHttpAreRelayedWithoutTheArmeriaListener() {
        final double connectionsBefore = armeriaConnections(httpCaller);
        final AggregatedHttpResponse json = http(httpCaller, "sum").execute(
                RequestHeaders.builder(HttpMethod.POST, "/v1/sum")
                              .contentType(MediaType.JSON_UTF_8).build(), "{\"a\":1,\"b\":2}").aggregate().join();
        assertThat(json.status()).as(json.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(json.contentUtf8()).contains("\"sum\"").contains("3");
        for (int i = 0; i < 4; i++) { // GET: web-down's own 503 is retried on web-up
            final AggregatedHttpResponse get = http(httpCaller, "web").get("/hello").aggregate().join();
            assertThat(get.status()).isEqualTo(HttpStatus.OK);
            assertThat(get.contentUtf8()).isEqualTo("up");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(outboundStatus(httpCaller, "sum", "2xx") + outboundStatus(httpCaller, "web", "2xx"))
                        .isGreaterThanOrEqualTo(5));
        // The private Armeria outbound listener would have had a connection from the front.
        assertThat(armeriaConnections(httpCaller)).isLessThanOrEqualTo(connectionsBefore);
    }

    /** A request that reached an app is sent again only if its method is idempotent: on both outbound paths. */
    @Test
    void anAppsOwn503IsRetriedForAGetButNotForAPost() {
        for (Sidecar from : List.of(caller, armeriaCaller)) {
            final int postsBefore = webDownPosts.get();
            int failedPosts = 0;
            for (int i = 0; i < 4; i++) { // round robin over two instances: two POSTs meet web-down
                final AggregatedHttpResponse post = http(from, "web").post("/work", "x").aggregate().join();
                if (post.status() == HttpStatus.SERVICE_UNAVAILABLE) {
                    assertThat(post.contentUtf8()).isEqualTo("down"); // the app's own answer, passed on
                    failedPosts++;
                } else {
                    assertThat(post.contentUtf8()).isEqualTo("up");
                }
            }
            assertThat(failedPosts).as("POSTs that met web-down, through %s", relayOf(from))
                                   .isPositive().isEqualTo(webDownPosts.get() - postsBefore);
            final int getsBefore = webDownGets.get();
            for (int i = 0; i < 4; i++) {
                assertThat(http(from, "web").get("/work").aggregate().join().contentUtf8()).isEqualTo("up");
            }
            assertThat(webDownGets.get() - getsBefore).as("GETs retried after meeting web-down").isPositive();
        }
    }

    /**
     * The body cap (--max-request-bytes) holds for HTTP bodies, declared or streamed, on both paths, answered
     * alike in weft's vocabulary; the relay keeps the stream open until the caller stops sending, so that the
     * caller keeps the answer.
     */
    @Test
    void anHttpBodyOverTheCapIs413InTheCallersLanguageOnBothPaths() {
        final byte[] big = new byte[(int) CAP + 1];
        for (Sidecar from : List.of(caller, armeriaCaller)) {
            final String path = relayOf(from);
            final AggregatedHttpResponse declared = http(from, "sum").execute(
                    RequestHeaders.builder(HttpMethod.POST, "/v1/sum")
                                  .contentType(MediaType.JSON_UTF_8).contentLength(big.length).build(),
                    HttpData.wrap(big)).aggregate().join();
            assertThat(declared.status()).as(path).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
            assertThat(declared.headers().get(FailureResponses.FAILURE_HEADER)).as(path).isEqualTo("too_large");
            assertThat(declared.contentUtf8()).as(path).contains("\"code\":\"RESOURCE_EXHAUSTED\"");

            final HttpRequestWriter streamed = HttpRequest.streaming(
                    RequestHeaders.builder(HttpMethod.POST, "/hello")
                                  .contentType(MediaType.PLAIN_TEXT_UTF_8).build());
            final var response = http(from, "web").execute(streamed).aggregate();
            for (int i = 0; i < 5 && streamed.isOpen(); i++) { // 80 KiB in 16 KiB chunks, no content-length
                streamed.write(HttpData.wrap(new byte[16 * 1024]));
            }
            streamed.close();
            final AggregatedHttpResponse res = response.join();
            assertThat(res.status()).as(path).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
            assertThat(res.headers().get(FailureResponses.FAILURE_HEADER)).as(path).isEqualTo("too_large");
            assertThat(res.contentType()).as(path).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
        }
    }

    /** A client of {@code from}'s outbound listener, as an app calling {@code authority}. */
    private static WebClient http(Sidecar from, String authority) {
        return WebClient.builder(SessionProtocol.H2C, com.linecorp.armeria.client.Endpoint
                                         .of("127.0.0.1", from.outboundPort()))
                        .factory(plain).responseTimeoutMillis(0).setHeader(HttpHeaderNames.AUTHORITY, authority)
                        .build();
    }

    private static String relayOf(Sidecar from) {
        return from == armeriaCaller ? "the Armeria path" : "the Netty relay";
    }

    private static long outboundStatus(Sidecar sidecar, String upstream, String statusClass) {
        return sidecar.metrics().registry().find("weft.requests").tags("direction", "outbound", "upstream", upstream)
                      .timers().stream().filter(t -> statusClass.equals(t.getId().getTag("status_class")))
                      .mapToLong(Timer::count).sum();
    }

    private static AggregatedHttpResponse call(Sidecar from, String authority, RequestHeadersBuilder headers,
                                               byte[] message) {
        return WebClient.builder(SessionProtocol.H2C, com.linecorp.armeria.client.Endpoint
                                         .of("127.0.0.1", from.outboundPort()))
                        .factory(plain).maxResponseLength(0).responseTimeoutMillis(0).build()
                        .execute(HttpRequest.of(headers.authority(authority).build(),
                                                HttpData.wrap(GrpcWire.frame(message))))
                        .aggregate().join();
    }

    private static int endpoints(Sidecar sidecar, String service) {
        final var e = sidecar.meshState().current().endpointsOf(service);
        return e == null ? 0 : e.endpoints().size();
    }

    private static double armeriaConnections(Sidecar sidecar) {
        return sidecar.metrics().registry().find("armeria.server.connections").gauges().stream()
                      .mapToDouble(Gauge::value).sum();
    }

    private static long inboundRequests(Sidecar sidecar) {
        return sidecar.metrics().registry().find("weft.requests").tag("direction", "inbound").timers().stream()
                      .mapToLong(Timer::count).sum();
    }

    private static double retries(Sidecar sidecar, String upstream) {
        return sidecar.metrics().registry().find("weft.upstream.retries").tag("upstream", upstream)
                      .functionCounters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static long outboundRequests(Sidecar sidecar, String upstream, String grpcCode) {
        return sidecar.metrics().registry().find("weft.requests").tags("direction", "outbound", "upstream", upstream,
                                                                      "grpc_code", grpcCode)
                      .timers().stream().mapToLong(Timer::count).sum();
    }
}
