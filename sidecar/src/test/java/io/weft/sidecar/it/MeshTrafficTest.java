package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.testing.Collector;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.EchoApp;
import io.weft.sidecar.testing.FakeControlPlane;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * Real traffic through real sidecars: an app calls {@code sum} (gRPC) and {@code echo} (HTTP)
 * through its sidecar's outbound listener, which originates mTLS to the destination's inbound
 * listener, which forwards to the app. Plus the gateway's edge listener.
 */
class MeshTrafficTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    static final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));
    static Sidecar sum;
    static Sidecar client;
    static Sidecar gateway;
    static ClientFactory factory;

    @BeforeAll
    static void startMesh() {
        final int sumApp = apps.startSum("sum-1").activeLocalPort();
        sum = mesh.startSidecar("sum", "sum-1", sumApp, AppProtocol.GRPC, List.of());
        final int echoApp = apps.startApp(EchoApp.build()).activeLocalPort();
        mesh.startSidecar("echo", "echo-1", echoApp, AppProtocol.HTTP, List.of());
        client = mesh.startSidecar("client", "client-1", echoApp, AppProtocol.HTTP, List.of("sum", "echo"));
        gateway = mesh.startGateway(List.of("sum", "echo"));
        factory = ClientFactory.builder().build();
    }

    @AfterAll
    static void closeFactory() {
        if (factory != null) {
            factory.close();
        }
    }

    @Test
    void allFourSumMethodsAsNativeGrpcThroughTwoSidecars() throws Exception {
        final SumServiceGrpc.SumServiceBlockingStub blocking =
                MeshClients.sumBlocking(factory, client.outboundPort(), "sum");
        assertThat(blocking.add(AddRequest.newBuilder().setA(1).setB(2).build()).getSum()).isEqualTo(3);

        final SumServiceGrpc.SumServiceStub async = MeshClients.sumAsync(factory, client.outboundPort(), "sum.weft:80");
        final Collector<Number> range = new Collector<>();
        async.range(RangeRequest.newBuilder().setFrom(1).setTo(5).build(), range);
        assertThat(range.future().get(10, TimeUnit.SECONDS)).extracting(Number::getValue)
                                                              .containsExactly(1L, 2L, 3L, 4L, 5L);

        final Collector<AddResponse> accumulated = new Collector<>();
        final StreamObserver<AddRequest> accumulate = async.accumulate(accumulated);
        accumulate.onNext(AddRequest.newBuilder().setA(1).setB(2).build());
        accumulate.onNext(AddRequest.newBuilder().setA(3).setB(4).build());
        accumulate.onCompleted();
        assertThat(accumulated.future().get(10, TimeUnit.SECONDS)).extracting(AddResponse::getSum)
                                                                  .containsExactly(10L);

        final Collector<Number> running = new Collector<>();
        final StreamObserver<Number> runningSum = async.runningSum(running);
        for (long v : new long[] { 5, 6, 7 }) {
            runningSum.onNext(Number.newBuilder().setValue(v).build());
        }
        runningSum.onCompleted();
        assertThat(running.future().get(10, TimeUnit.SECONDS)).extracting(Number::getValue)
                                                              .containsExactly(5L, 11L, 18L);
    }

    @Test
    void unknownServiceIs404ForHttpAndNotFoundForGrpc() {
        final AggregatedHttpResponse res = MeshClients.http(factory, client.outboundPort())
                                                      .execute(RequestHeaders.of(HttpMethod.GET, "/x",
                                                                                 "host", "nosuch.weft"))
                                                      .aggregate().join();
        assertThat(res.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(res.contentUtf8()).contains("unknown service 'nosuch'");

        assertThatThrownBy(() -> MeshClients.sumBlocking(factory, client.outboundPort(), "nosuch")
                                            .add(AddRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    // Not UNAVAILABLE: a gRPC client must not retry a name no sidecar knows.
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("unknown service 'nosuch'");
                });
    }

    @Test
    void bodyOverTheLimitIs413() {
        final byte[] nineMib = new byte[9 * 1024 * 1024];
        final AggregatedHttpResponse res = MeshClients.http(factory, client.outboundPort())
                                                      .execute(RequestHeaders.builder(HttpMethod.POST, "/upload")
                                                                             .authority("echo")
                                                                             .contentType(MediaType.OCTET_STREAM)
                                                                             .build(), nineMib)
                                                      .aggregate().join();
        assertThat(res.status()).as(res.contentUtf8()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    }

    @Test
    void spoofedIdentityHeadersAreReplaced() throws Exception {
        final AggregatedHttpResponse res = MeshClients.http(factory, client.outboundPort())
                .execute(RequestHeaders.builder(HttpMethod.GET, "/who")
                                       .authority("echo")
                                       .add("x-weft-peer-identity", "spiffe://weft.local/ns/default/dc/dc1/svc/admin")
                                       .add("x-forwarded-for", "10.0.0.1")
                                       .add("forwarded", "for=10.0.0.1")
                                       .add("proxy-authorization", "Basic Zm9vOmJhcg==")
                                       .add("x-weft-anything", "forged")
                                       .build())
                .aggregate().join();
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        final JsonNode headers = JSON.readTree(res.contentUtf8()).get("headers");
        assertThat(headers.get("x-weft-peer-identity").asText())
                .isEqualTo("spiffe://weft.local/ns/default/dc/dc1/svc/client");
        assertThat(headers.has("x-forwarded-for")).isFalse();
        assertThat(headers.has("forwarded")).isFalse();
        assertThat(headers.has("proxy-authorization")).isFalse();
        assertThat(headers.has("x-weft-anything")).isFalse();
    }

    @Test
    void deniedByIntentionIs403OrPermissionDeniedNamingTheCaller() {
        final FakeControlPlane cp = mesh.fakeControlPlane();
        cp.putIntentions("echo", List.of(FakeControlPlane.intention("client", "echo", false, 9)));
        cp.putIntentions("sum", List.of(FakeControlPlane.intention("client", "sum", false, 9)));
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                final AggregatedHttpResponse res = MeshClients.http(factory, client.outboundPort())
                        .execute(RequestHeaders.builder(HttpMethod.GET, "/").authority("echo").build())
                        .aggregate().join();
                assertThat(res.status()).isEqualTo(HttpStatus.FORBIDDEN);
                assertThat(res.contentUtf8()).contains("'client'").contains("not allowed to call 'echo'");
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> MeshClients.sumBlocking(factory, client.outboundPort(), "sum")
                                                    .add(AddRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                            assertThat(e.getStatus().getDescription()).contains("'client'");
                        }));
        } finally {
            cp.putIntentions("echo", List.of());
            cp.putIntentions("sum", List.of());
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(MeshClients.sumBlocking(factory, client.outboundPort(), "sum")
                                  .add(AddRequest.newBuilder().setA(2).setB(2).build()).getSum()).isEqualTo(4));
    }

    /**
     * JSON through the gateway, denied at the sum sidecar: the caller gets the 403 in JSON with
     * {@code x-weft-failure: denied}, not a reset stream (the soak's deny window saw RST_STREAM CANCEL).
     */
    @Test
    void jsonThroughTheGatewayDeniedIs403InJson() throws Exception {
        final FakeControlPlane cp = mesh.fakeControlPlane();
        cp.putIntentions("sum", List.of(FakeControlPlane.intention("gateway", "sum", false, 9)));
        final com.linecorp.armeria.client.WebClient edge = MeshClients.http(factory, gateway.edgePort());
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                final AggregatedHttpResponse res = edge.execute(
                        RequestHeaders.builder(HttpMethod.POST, "/sum/v1/sum").contentType(MediaType.JSON).build(),
                        "{\"a\":1,\"b\":2}").aggregate().join();
                assertThat(res.status()).isEqualTo(HttpStatus.FORBIDDEN);
                assertThat(res.headers().get("x-weft-failure")).isEqualTo("denied");
                assertThat(JSON.readTree(res.contentUtf8()).get("message").asText()).contains("'gateway'");
            });
        } finally {
            cp.putIntentions("sum", List.of());
        }
    }

    /** An L7 intention through the Armeria inbound path: one method on one path denied, the rest allowed. */
    @Test
    void l7IntentionDeniesGetOnOnePathWith403NamingThePermission() {
        final FakeControlPlane cp = mesh.fakeControlPlane();
        cp.putIntentions("echo", List.of(io.weft.protocol.v1.Intention.newBuilder()
                .setSource("client").setDestination("echo").setPrecedence(9)
                .addPermissions(io.weft.protocol.v1.Permission.newBuilder().setAction(io.weft.protocol.v1.Action.DENY)
                        .setHttp(io.weft.protocol.v1.HttpPermission.newBuilder().setPathPrefix("/admin")
                                                                   .addMethods("GET")))
                .build()));
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                final AggregatedHttpResponse res = echo(HttpMethod.GET, "/admin/users?x=1");
                assertThat(res.status()).isEqualTo(HttpStatus.FORBIDDEN);
                assertThat(res.contentUtf8()).contains("'client'")
                                             .contains("intention client -> echo, Permissions[0] (deny GET /admin*)");
            });
            assertThat(echo(HttpMethod.POST, "/admin/users").status()).isEqualTo(HttpStatus.OK);
            assertThat(echo(HttpMethod.GET, "/public").status()).isEqualTo(HttpStatus.OK);
        } finally {
            cp.putIntentions("echo", List.of());
        }
    }

    private AggregatedHttpResponse echo(HttpMethod method, String path) {
        return MeshClients.http(factory, client.outboundPort())
                          .execute(RequestHeaders.builder(method, path).authority("echo").build())
                          .aggregate().join();
    }

    @Test
    void jsonThroughTheGatewayIsTranscodedForTheGrpcApp() throws Exception {
        final com.linecorp.armeria.client.WebClient edge = MeshClients.http(factory, gateway.edgePort());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final AggregatedHttpResponse add = edge.execute(
                    RequestHeaders.builder(HttpMethod.POST, "/sum/v1/sum").contentType(MediaType.JSON).build(),
                    "{\"a\":1,\"b\":2}").aggregate().join();
            assertThat(add.status()).isEqualTo(HttpStatus.OK);
            assertThat(JSON.readTree(add.contentUtf8()).get("sum").asLong()).isEqualTo(3);
        });
        final AggregatedHttpResponse get = edge.get("/sum/v1/sum/40/2").aggregate().join();
        assertThat(JSON.readTree(get.contentUtf8()).get("sum").asLong()).isEqualTo(42);

        final AggregatedHttpResponse range = edge.execute(
                RequestHeaders.builder(HttpMethod.POST, "/sum/weft.demo.sum.v1.SumService/Range")
                              .contentType(MediaType.JSON).build(), "{\"from\":1,\"to\":3}").aggregate().join();
        assertThat(range.status()).isEqualTo(HttpStatus.OK);
        assertThat(JSON.readTree(range.contentUtf8())).hasSize(3);

        final AggregatedHttpResponse malformed = edge.execute(
                RequestHeaders.builder(HttpMethod.POST, "/sum/v1/sum").contentType(MediaType.JSON).build(),
                "{\"a\":").aggregate().join();
        assertThat(malformed.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void adminEndpointsDescribeTheLiveState() throws Exception {
        final com.linecorp.armeria.client.WebClient admin = MeshClients.http(factory, client.adminPort());
        assertThat(admin.get("/healthz").aggregate().join().status()).isEqualTo(HttpStatus.OK);
        assertThat(admin.get("/readyz").aggregate().join().status()).isEqualTo(HttpStatus.OK);
        final JsonNode config = JSON.readTree(admin.get("/config").aggregate().join().contentUtf8());
        assertThat(config.at("/identity/spiffeId").asText()).endsWith("/svc/client");
        assertThat(config.at("/upstreams/sum/endpoints/0/ejected").asBoolean(true)).isFalse();
        assertThat(config.at("/upstreams/sum/endpoints/0/instanceId").asText()).isEqualTo("sum-1");
        assertThat(config.at("/controlPlane/connected").asBoolean()).isTrue();
        final JsonNode certs = JSON.readTree(admin.get("/certs").aggregate().join().contentUtf8());
        assertThat(certs.get("secondsToExpiry").asDouble()).isPositive();
        assertThat(certs.get("chain")).hasSizeGreaterThanOrEqualTo(1);
        final String metrics = admin.get("/metrics").aggregate().join().contentUtf8();
        assertThat(metrics).contains("weft_requests_seconds_bucket").contains("direction=\"outbound\"")
                           .contains("weft_upstream_requests_total");
    }

    /**
     * After traffic on every listener, what the admin ports serve is the README's Metrics table: no name,
     * type or label it does not list, every row it lists (but those that appear with their first event), and
     * request histograms of the documented buckets, at most 20 per series.
     */
    @Test
    void adminMetricsAreTheReadmeTable() throws Exception {
        assertThat(MeshClients.sumBlocking(factory, client.outboundPort(), "sum")
                              .add(AddRequest.newBuilder().setA(1).setB(1).build()).getSum()).isEqualTo(2);
        assertThat(MeshClients.http(factory, client.outboundPort())
                              .execute(RequestHeaders.builder(HttpMethod.GET, "/").authority("echo").build())
                              .aggregate().join().status()).isEqualTo(HttpStatus.OK);
        assertThat(MeshClients.http(factory, gateway.edgePort()).get("/echo/x").aggregate().join().status())
                .isEqualTo(HttpStatus.OK);
        final Path readme = Path.of("..", "README.md");
        final List<String> buckets = PrometheusText.documentedBuckets(readme, "weft_requests_seconds");
        assertThat(buckets).hasSizeLessThanOrEqualTo(20).endsWith("+Inf");
        final Map<String, PrometheusText.Family> documented = PrometheusText.documented(readme);
        assertThat(documented).containsKeys("weft_requests_seconds", "weft_upstream_requests_total");
        final Map<String, PrometheusText.Family> served = new TreeMap<>();
        for (Sidecar sidecar : List.of(client, gateway, sum)) {
            final com.linecorp.armeria.client.WebClient admin = MeshClients.http(factory, sidecar.adminPort());
            // Requests are recorded once their logs complete, just after the response.
            await().untilAsserted(() -> assertThat(admin.get("/metrics").aggregate().join().contentUtf8())
                    .contains("weft_requests_seconds_count{"));
            final String metrics = admin.get("/metrics").aggregate().join().contentUtf8();
            served.putAll(PrometheusText.families(metrics));
            assertThat(PrometheusText.buckets(metrics, "weft_requests_seconds"))
                    .isNotEmpty().allSatisfy((series, le) -> assertThat(le).isEqualTo(buckets));
        }
        assertThat(served).allSatisfy((name, family) -> assertThat(documented).as("README's Metrics table")
                                                                              .containsEntry(name, family));
        assertThat(served).containsKeys(PrometheusText.documentedAsAlwaysPresent(readme).toArray(String[]::new));
    }

    @Test
    void configOfAGrpcAppsSidecarShowsItsTranscoder() throws Exception {
        final com.linecorp.armeria.client.WebClient admin = MeshClients.http(factory, sum.adminPort());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final AggregatedHttpResponse res = admin.get("/config").aggregate().join();
            assertThat(res.status()).as(res.contentUtf8()).isEqualTo(HttpStatus.OK);
            final JsonNode transcoding = JSON.readTree(res.contentUtf8()).get("transcoding");
            assertThat(transcoding.get("ready").asBoolean()).isTrue();
            assertThat(transcoding.get("loadedAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        });
    }

    @Test
    void gatewayRoutesByPathPrefixAndByHost() throws Exception {
        final AggregatedHttpResponse byPrefix = MeshClients.http(factory, gateway.edgePort())
                                                           .get("/echo/v1/things?x=1").aggregate().join();
        assertThat(byPrefix.status()).isEqualTo(HttpStatus.OK);
        final JsonNode echoed = JSON.readTree(byPrefix.contentUtf8());
        assertThat(echoed.get("path").asText()).isEqualTo("/v1/things");
        assertThat(echoed.get("query").asText()).isEqualTo("x=1");
        assertThat(echoed.get("headers").get("x-weft-peer-identity").asText()).endsWith("/svc/gateway");

        assertThat(MeshClients.sumBlocking(factory, gateway.edgePort(), "sum")
                              .add(AddRequest.newBuilder().setA(40).setB(2).build()).getSum()).isEqualTo(42);

        final AggregatedHttpResponse unknown = MeshClients.http(factory, gateway.edgePort())
                                                          .get("/nope/x").aggregate().join();
        assertThat(unknown.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.contentUtf8()).contains("path prefix '/nope'").contains("known services");
    }
}
