package io.weft.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

import io.weft.integration.mesh.ConsulApiClient;
import io.weft.integration.mesh.RunningMesh;
import io.weft.integration.mesh.SteadyTraffic;

/**
 * Every end-to-end scenario, written once against {@link RunningMesh}; each subclass supplies a mesh.
 * Requests go through the gateway, exactly like the README's curl commands.
 */
abstract class MeshScenarios {

    /** The leaf certificate lifetime the meshes under test run with: short, so rotation happens often. */
    static final Duration LEAF_TTL = Duration.ofSeconds(12);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SIDECARS = List.of("sum-1", "sum-2", "hello-1", "gateway");

    abstract RunningMesh mesh();

    /**
     * Whether something still accepts TCP connections at {@code uri}'s host and port: after a mesh is
     * closed, neither its gateway nor its Consul may (a binding's {@code @AfterAll} checks it).
     */
    static boolean listening(URI uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private BlockingWebClient gateway() {
        return WebClient.builder(mesh().gateway().toString()).responseTimeout(Duration.ofSeconds(20)).build()
                        .blocking();
    }

    private static JsonNode json(AggregatedHttpResponse response) throws Exception {
        assertThat(response.status().code()).as("status of %s", response.contentUtf8()).isEqualTo(200);
        return JSON.readTree(response.contentUtf8());
    }

    @Test
    void theReadmeCurlCommandsAnswer() throws Exception {
        // curl -s -d '{"a":1,"b":2}' localhost:8080/sum/v1/sum
        final JsonNode post = json(gateway().prepare().post("/sum/v1/sum")
                                            .content(MediaType.JSON_UTF_8, "{\"a\":1,\"b\":2}").execute());
        assertThat(post.get("sum").asLong()).isEqualTo(3);
        // curl -s localhost:8080/sum/v1/sum/40/2
        assertThat(json(gateway().get("/sum/v1/sum/40/2")).get("sum").asLong()).isEqualTo(42);
        // curl -s 'localhost:8080/hello/greet?name=Ada'
        final JsonNode greet = json(gateway().get("/hello/greet?name=Ada"));
        assertThat(greet.get("message").asText()).isEqualTo("Hello, Ada!");
        assertThat(greet.get("instance").asText()).isEqualTo("hello-1");
        // curl -s 'localhost:8080/hello/sum?a=1&b=2' — east-west, hello -> sum through both sidecars
        final JsonNode sum = json(gateway().get("/hello/sum?a=1&b=2"));
        assertThat(sum.get("sum").asLong()).isEqualTo(3);
        assertThat(sum.get("servedBy").asText()).isIn("sum-1", "sum-2");
    }

    /** Exactly what {@code curl -s -d '{"a":1,"b":2}' localhost:8080/sum/v1/sum} sends: a form content type. */
    @Test
    void theReadmePostWorksWithCurlsDefaultContentType() throws Exception {
        final JsonNode post = json(gateway().prepare().post("/sum/v1/sum")
                                            .content(MediaType.FORM_DATA, "{\"a\":1,\"b\":2}").execute());
        assertThat(post.get("sum").asLong()).isEqualTo(3);
    }

    @Test
    void sumRequestsAreSpreadRoundRobinOverBothInstances() {
        final Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            final AggregatedHttpResponse response = gateway().get("/sum/v1/sum/1/1");
            assertThat(response.status().code()).isEqualTo(200);
            seen.merge(response.headers().get("x-weft-instance", "<none>"), 1, Integer::sum);
        }
        assertThat(seen).containsOnlyKeys("sum-1", "sum-2");
        assertThat(seen.values()).allSatisfy(n -> assertThat(n).isBetween(7, 13));
    }

    /**
     * Consul's own L7 config entries, written as Consul's documentation writes them: a resolver with two
     * subsets, a router sending {@code x-canary: 1} to one of them, a 90/10 split for the rest. Then the
     * entries are deleted and plain balancing over both instances comes back.
     */
    @Test
    void consulConfigEntriesRouteByHeaderAndSplitByWeight() {
        final ConsulApiClient consul = new ConsulApiClient(mesh().consul());
        try {
            consul.putConfig("{\"Kind\":\"service-defaults\",\"Name\":\"sum\",\"Protocol\":\"http\"}");
            consul.putConfig("{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"DefaultSubset\":\"one\"," +
                             "\"Subsets\":{\"one\":{\"Filter\":\"Service.ID == \\\"sum-1\\\"\"}," +
                             "\"two\":{\"Filter\":\"Service.ID == \\\"sum-2\\\"\"}}}");
            consul.putConfig("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Match\":{\"HTTP\":" +
                             "{\"Header\":[{\"Name\":\"x-canary\",\"Exact\":\"1\"}]}}," +
                             "\"Destination\":{\"ServiceSubset\":\"two\"}}]}");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertThat(servedBy("/sum/v1/sum/1/1", "x-canary", "1", 10)).containsOnlyKeys("sum-2");
                assertThat(servedBy("/sum/v1/sum/1/1", "x-canary", "0", 10)).containsOnlyKeys("sum-1");
            });

            consul.putConfig("{\"Kind\":\"service-splitter\",\"Name\":\"sum\",\"Splits\":[" +
                             "{\"Weight\":90,\"ServiceSubset\":\"one\"},{\"Weight\":10,\"ServiceSubset\":\"two\"}]}");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                    () -> assertThat(servedBy("/sum/v1/sum/1/1", "x-canary", "0", 50)).containsKey("sum-2"));
            final Map<String, Integer> split = servedBy("/sum/v1/sum/1/1", "x-canary", "0", 2000);
            assertThat(split.get("sum-2")).as("the 10 %% share of %s", split).isBetween(140, 260); // 10 % +- 3
            assertThat(servedBy("/sum/v1/sum/1/1", "x-canary", "1", 10)).containsOnlyKeys("sum-2");
        } finally {
            consul.deleteConfig("service-router", "sum");
            consul.deleteConfig("service-splitter", "sum");
            consul.deleteConfig("service-resolver", "sum");
            consul.deleteConfig("service-defaults", "sum");
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                () -> assertThat(servedBy("/sum/v1/sum/1/1", "x-canary", "1", 10)).containsOnlyKeys("sum-1", "sum-2"));
    }

    /** Which instance answered each of {@code n} requests, counted. */
    private Map<String, Integer> servedBy(String path, String header, String value, int n) {
        final Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            final AggregatedHttpResponse response =
                    gateway().prepare().get(path).header(header, value).execute();
            assertThat(response.status().code()).as("%s", response.contentUtf8()).isEqualTo(200);
            seen.merge(response.headers().get("x-weft-instance", "<none>"), 1, Integer::sum);
        }
        return seen;
    }

    @Test
    void aServiceRegisteredThroughConsulIsRoutableWithin2sAndGoneWithin2sOfDeregistration() throws Exception {
        final ConsulApiClient consul = new ConsulApiClient(mesh().consul());
        try (RunningMesh.ExtraInstance echo = mesh().startUnregistered("echo", "echo-1")) {
            assertThat(gateway().get("/echo/greet?name=Consul").status().code()).isNotEqualTo(200);

            // Registered with its check, as an operator would: Consul hands it out once the check has passed
            // (a first probe within the check's 1 s interval); from then the mesh has 2 s to route to it.
            consul.register("echo-1", "echo", echo.address(), echo.inboundPort(), "http", echo.healthCheck());
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                   .until(() -> consul.passingInstances("echo") == 1);
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                final AggregatedHttpResponse response = gateway().get("/echo/greet?name=Consul");
                assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
                assertThat(response.contentUtf8()).contains("Hello, Consul!");
            });

            consul.deregister("echo-1");
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(
                    () -> assertThat(gateway().get("/echo/greet?name=Consul").status().code()).isNotEqualTo(200));
        }
    }

    @Test
    void aDenyIntentionFromHelloToSumFailsHelloSumClearlyAndRemovingItRestoresIt() {
        final ConsulApiClient consul = new ConsulApiClient(mesh().consul());
        consul.intention("hello", "sum", "deny");
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                final AggregatedHttpResponse denied = gateway().get("/hello/sum?a=1&b=2");
                assertThat(denied.status().code()).isIn(502, 503, 403);
                assertThat(denied.contentUtf8()).contains("PERMISSION_DENIED");
            });
            // Only hello -> sum is denied: the gateway still reaches both services.
            assertThat(gateway().get("/sum/v1/sum/1/2").status().code()).isEqualTo(200);
            assertThat(gateway().get("/hello/greet?name=Ada").status().code()).isEqualTo(200);
        } finally {
            consul.deleteIntention("hello", "sum");
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                () -> assertThat(gateway().get("/hello/sum?a=1&b=2").status().code()).isEqualTo(200));
    }

    @Test
    void aControlPlaneRestartInTheMiddleOfSteadyTrafficFailsNoRequest() throws Exception {
        final SteadyTraffic traffic = SteadyTraffic.start(mesh().gateway(), Duration.ofMillis(50),
                                                          "/sum/v1/sum/1/2", "/hello/sum?a=1&b=2",
                                                          "/hello/greet?name=Ada");
        SteadyTraffic.Result result;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.ok() >= 20);
            mesh().restartControlPlane();
            final long afterRestart = traffic.ok();
            await().atMost(Duration.ofSeconds(60)).until(() -> traffic.ok() >= afterRestart + 60);
        } finally {
            result = traffic.stop();
        }
        assertThat(result.failures()).as("failed requests of %d", result.sent()).isEmpty();
        // After the restart the mesh still follows Consul: a new intention takes effect.
        aDenyIntentionFromHelloToSumFailsHelloSumClearlyAndRemovingItRestoresIt();
    }

    @Test
    void certificateRotationAtAShortTtlInTheMiddleOfSteadyTrafficFailsNoRequest() throws Exception {
        final Map<String, Long> before = new HashMap<>();
        for (String sidecar : SIDECARS) {
            before.put(sidecar, mesh().certificateRotations(sidecar));
        }
        final SteadyTraffic traffic = SteadyTraffic.start(mesh().gateway(), Duration.ofMillis(50),
                                                          "/sum/v1/sum/1/2", "/hello/sum?a=1&b=2",
                                                          "/hello/greet?name=Ada");
        SteadyTraffic.Result result;
        try {
            // Renewal at about half of a 12 s lifetime: two rotations of every sidecar take ~15 s.
            await().atMost(LEAF_TTL.multipliedBy(6)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (String sidecar : SIDECARS) {
                    assertThat(mesh().certificateRotations(sidecar)).as("rotations of %s", sidecar)
                                                                    .isGreaterThanOrEqualTo(before.get(sidecar) + 2);
                }
            });
        } finally {
            result = traffic.stop();
        }
        assertThat(result.ok()).isPositive();
        assertThat(result.failures()).as("failed requests of %d", result.sent()).isEmpty();
    }
}
