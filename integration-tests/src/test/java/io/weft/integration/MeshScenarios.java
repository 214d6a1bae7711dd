package io.weft.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
    /** Calls in flight at once where their order cannot matter. */
    private static final int CONCURRENT_CALLS = 8;

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
            final Map<String, Integer> split = servedByConcurrently("/sum/v1/sum/1/1", "x-canary", "0", 2000);
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

    /** Runs {@code scenario} with a second {@code hello} instance, {@code hello-2}, registered through Consul. */
    private void withHello2(ScenarioBody scenario) throws Exception {
        final ConsulApiClient consul = new ConsulApiClient(mesh().consul());
        try (RunningMesh.ExtraInstance hello2 = mesh().startUnregistered("hello", "hello-2")) {
            consul.register("hello-2", "hello", hello2.address(), hello2.inboundPort(), "http", hello2.healthCheck());
            try {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                        () -> assertThat(servedBy("/hello/greet", "x-test", "", 10)).containsOnlyKeys("hello-1",
                                                                                                    "hello-2"));
                scenario.run(consul);
            } finally {
                for (String kind : List.of("service-router", "service-splitter", "service-resolver",
                                           "service-defaults")) {
                    consul.deleteConfig(kind, "hello");
                }
                consul.deregister("hello-2");
            }
        }
    }

    private interface ScenarioBody {
        void run(ConsulApiClient consul) throws Exception;
    }

    /** Status codes of {@code n} GETs of {@code path}, counted. */
    private Map<Integer, Integer> statuses(String path, int n) {
        final Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            seen.merge(gateway().get(path).status().code(), 1, Integer::sum);
        }
        return seen;
    }

    /**
     * A route's retries and timeout apply to the requests it routes, and only to them: hello-2 answers 503
     * ({@code /status/503?on=hello-2}); the route with {@code NumRetries}/{@code RetryOnStatusCodes} sends
     * every such request on to hello-1, the route without lets the 503 through. A slow path times out at
     * its route's {@code RequestTimeout} with 504; the same path by another route does not.
     */
    @Test
    void aRoutesRetriesAndTimeoutApplyToItsRequestsOnly() throws Exception {
        withHello2(consul -> {
            consul.putConfig("{\"Kind\":\"service-defaults\",\"Name\":\"hello\",\"Protocol\":\"http\"}");
            // two subsets of the same two instances: two clusters, so one route's ejections do not hide the other's
            consul.putConfig("{\"Kind\":\"service-resolver\",\"Name\":\"hello\",\"Subsets\":{" +
                             "\"retried\":{\"Filter\":\"Service.Service == \\\"hello\\\"\"}," +
                             "\"plain\":{\"Filter\":\"Service.ID != \\\"nobody\\\"\"}}}");
            consul.putConfig("{\"Kind\":\"service-router\",\"Name\":\"hello\",\"Routes\":[" +
                             "{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/status/\"}},\"Destination\":" +
                             "{\"ServiceSubset\":\"retried\",\"NumRetries\":2,\"RetryOnStatusCodes\":[503]}}," +
                             "{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/plain/\"}},\"Destination\":" +
                             "{\"ServiceSubset\":\"plain\",\"PrefixRewrite\":\"/\"}}," +
                             "{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/delay/\"}},\"Destination\":" +
                             "{\"RequestTimeout\":\"500ms\"}}]}");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                    () -> assertThat(gateway().get("/hello/plain/greet").status().code()).isEqualTo(200));

            // retried: each of hello-2's 503s goes on to hello-1 (hello-2 is tried at least every other request
            // until five 503s in a row eject it)
            assertThat(statuses("/hello/status/503?on=hello-2", 40)).containsOnlyKeys(200);
            // not retried: hello-2's 503s reach the caller until it is ejected
            assertThat(statuses("/hello/plain/status/503?on=hello-2", 40).getOrDefault(503, 0)).isBetween(3, 20);

            final AggregatedHttpResponse timedOut = gateway().get("/hello/delay/5000");
            assertThat(timedOut.status().code()).as(timedOut.contentUtf8()).isEqualTo(504);
            assertThat(timedOut.contentUtf8()).contains("deadline");
            assertThat(gateway().get("/hello/plain/delay/1000").status().code()).isEqualTo(200);
        });
    }

    /** The default subset has no instance: the resolver's {@code Failover} subset answers every request. */
    @Test
    void aSubsetWithoutInstancesFailsOverToTheResolversFailoverSubset() throws Exception {
        withHello2(consul -> {
            consul.putConfig("{\"Kind\":\"service-defaults\",\"Name\":\"hello\",\"Protocol\":\"http\"}");
            consul.putConfig("{\"Kind\":\"service-resolver\",\"Name\":\"hello\",\"DefaultSubset\":\"gone\"," +
                             "\"Subsets\":{\"gone\":{\"Filter\":\"Service.ID == \\\"hello-9\\\"\"}," +
                             "\"second\":{\"Filter\":\"Service.ID == \\\"hello-2\\\"\"}}," +
                             "\"Failover\":{\"gone\":{\"ServiceSubset\":\"second\"}}}");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                    () -> assertThat(servedBy("/hello/greet", "x-test", "", 20)).containsOnlyKeys("hello-2"));
        });
    }

    /**
     * A resolver's {@code ring_hash} on a header: 1,000 requests with one key all go to one instance, for
     * each of three keys, and keys spread over both instances.
     */
    @Test
    void consistentHashingKeepsAKeyOnOneInstance() throws Exception {
        withHello2(consul -> {
            consul.putConfig("{\"Kind\":\"service-defaults\",\"Name\":\"hello\",\"Protocol\":\"http\"}");
            consul.putConfig("{\"Kind\":\"service-resolver\",\"Name\":\"hello\",\"LoadBalancer\":{" +
                             "\"Policy\":\"ring_hash\",\"HashPolicies\":[{\"Field\":\"header\"," +
                             "\"FieldValue\":\"x-user\"}]}}");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                    () -> assertThat(servedBy("/hello/greet", "x-user", "ann", 20)).hasSize(1));
            for (String user : List.of("ann", "bob", "cyd")) {
                assertThat(servedBy("/hello/greet", "x-user", user, 1_000)).as(user).hasSize(1);
            }
            final Map<String, Integer> owners = new HashMap<>();
            for (int k = 0; k < 40; k++) {
                owners.merge(servedBy("/hello/greet", "x-user", "user-" + k, 1).keySet().iterator().next(), 1,
                             Integer::sum);
            }
            assertThat(owners).as("keys per instance").containsOnlyKeys("hello-1", "hello-2");
        });
    }

    /**
     * Consul's health rule: an instance whose check is {@code warning} still gets traffic, also without any
     * config entry (Consul's default chain), until a resolver subset says {@code OnlyPassing}; then only the
     * passing instance does, and without the resolver both again.
     */
    @Test
    void aWarningInstanceGetsTrafficUnlessTheSubsetIsOnlyPassing() throws Exception {
        final ConsulApiClient consul = new ConsulApiClient(mesh().consul());
        try (RunningMesh.ExtraInstance hello2 = mesh().startUnregistered("hello", "hello-2")) {
            consul.registerWithTtlCheck("hello-2", "hello", hello2.address(), hello2.inboundPort(), "http", "warning");
            try {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                        () -> assertThat(servedBy("/hello/greet", "x-test", "", 10)).containsOnlyKeys("hello-1",
                                                                                                    "hello-2"));
                consul.putConfig("{\"Kind\":\"service-defaults\",\"Name\":\"hello\",\"Protocol\":\"http\"}");
                consul.putConfig("{\"Kind\":\"service-resolver\",\"Name\":\"hello\",\"DefaultSubset\":\"ok\"," +
                                 "\"Subsets\":{\"ok\":{\"OnlyPassing\":true}}}");
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                        () -> assertThat(servedBy("/hello/greet", "x-test", "", 10)).containsOnlyKeys("hello-1"));
                assertThat(servedBy("/hello/greet", "x-test", "", 50)).containsOnlyKeys("hello-1");

                consul.deleteConfig("service-resolver", "hello");
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                        () -> assertThat(servedBy("/hello/greet", "x-test", "", 10)).containsOnlyKeys("hello-1",
                                                                                                    "hello-2"));
            } finally {
                consul.deleteConfig("service-resolver", "hello");
                consul.deleteConfig("service-defaults", "hello");
                consul.deregister("hello-2");
            }
        }
    }

    /**
     * A cookie hash policy with a {@code CookieConfig} TTL, as Envoy applies it for Consul: a request without the
     * cookie gets one in {@code set-cookie} (Max-Age from the TTL, the Path), and every request that carries it
     * back, as a browser would, reaches the instance the first one did.
     */
    @Test
    void aCookieConfigSetsTheCookieThatKeepsACallerOnOneInstance() throws Exception {
        withHello2(consul -> {
            consul.putConfig("{\"Kind\":\"service-defaults\",\"Name\":\"hello\",\"Protocol\":\"http\"}");
            consul.putConfig("{\"Kind\":\"service-resolver\",\"Name\":\"hello\",\"LoadBalancer\":{" +
                             "\"Policy\":\"ring_hash\",\"HashPolicies\":[{\"Field\":\"cookie\"," +
                             "\"FieldValue\":\"route\",\"CookieConfig\":{\"TTL\":\"60s\",\"Path\":\"/\"}}]}}");
            final AggregatedHttpResponse first = await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> gateway().get("/hello/greet"), r -> r.headers().contains("set-cookie"));
            final String setCookie = first.headers().get("set-cookie");
            assertThat(setCookie).matches("route=\"[0-9a-f]+\"; Max-Age=60; Path=/; HttpOnly");
            final String owner = first.headers().get("x-weft-instance");
            final String cookie = setCookie.substring(0, setCookie.indexOf(';')); // route="...", as sent back
            final Map<String, Integer> seen = servedBy("/hello/greet", "cookie", cookie, 100);
            assertThat(seen).containsOnlyKeys(owner);
            final AggregatedHttpResponse again = gateway().prepare().get("/hello/greet").header("cookie", cookie)
                                                          .execute();
            assertThat(again.headers().contains("set-cookie")).as("no new cookie for a caller that has one").isFalse();
        });
    }

    /**
     * An entry Consul accepts but the sidecars cannot apply (a ring whose minimum size passes its maximum,
     * which Envoy refuses as well) is NACKed by the gateway's sidecar, visible in {@code /api/v1/mesh}, and
     * the routes before it keep serving.
     */
    @Test
    void anEntryTheSidecarCannotApplyIsNackedAndThePreviousRoutesKeepServing() throws Exception {
        withHello2(consul -> {
            consul.putConfig("{\"Kind\":\"service-defaults\",\"Name\":\"hello\",\"Protocol\":\"http\"}");
            final String subsets = "\"Subsets\":{\"one\":{\"Filter\":\"Service.ID == \\\"hello-1\\\"\"}," +
                                   "\"two\":{\"Filter\":\"Service.ID == \\\"hello-2\\\"\"}}";
            consul.putConfig("{\"Kind\":\"service-resolver\",\"Name\":\"hello\",\"DefaultSubset\":\"one\"," +
                             subsets + '}');
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                    () -> assertThat(servedBy("/hello/greet", "x-test", "", 10)).containsOnlyKeys("hello-1"));

            consul.putConfig("{\"Kind\":\"service-resolver\",\"Name\":\"hello\",\"DefaultSubset\":\"two\"," +
                             subsets + ",\"LoadBalancer\":{\"Policy\":\"ring_hash\",\"RingHashConfig\":" +
                             "{\"MinimumRingSize\":4096,\"MaximumRingSize\":1024}}}");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                final JsonNode routes = gatewayResource("routes/hello");
                assertThat(routes.get("nacked").asLong()).isPositive();
                assertThat(routes.get("nackError").asText()).contains("maximumRingSize: 1024");
            });
            assertThat(servedBy("/hello/greet", "x-test", "", 20)).containsOnlyKeys("hello-1");
        });
    }

    /** How many sidecars have a stream to the control plane ({@code /api/v1/mesh}). */
    private int connectedSidecars() throws Exception {
        return JSON.readTree(WebClient.of(mesh().controlPlaneHttp().toString()).blocking()
                                      .get("/api/v1/mesh").contentUtf8()).get("sidecars").size();
    }

    /** What the control plane knows of the gateway sidecar's {@code resource} ({@code /api/v1/mesh}). */
    private JsonNode gatewayResource(String resource) throws Exception {
        final JsonNode mesh = JSON.readTree(WebClient.of(mesh().controlPlaneHttp().toString()).blocking()
                                                     .get("/api/v1/mesh").contentUtf8());
        for (JsonNode sidecar : mesh.get("sidecars")) {
            if ("gateway".equals(sidecar.get("service").asText())) {
                return sidecar.get("resources").get(resource);
            }
        }
        throw new AssertionError("no gateway sidecar in " + mesh);
    }

    /** Routes swapped ten times under steady traffic: every request is answered, none fails. */
    @Test
    void routeChangesUnderSteadyTrafficFailNoRequest() throws Exception {
        withHello2(consul -> {
            consul.putConfig("{\"Kind\":\"service-defaults\",\"Name\":\"hello\",\"Protocol\":\"http\"}");
            consul.putConfig("{\"Kind\":\"service-resolver\",\"Name\":\"hello\",\"Subsets\":{" +
                             "\"one\":{\"Filter\":\"Service.ID == \\\"hello-1\\\"\"}," +
                             "\"two\":{\"Filter\":\"Service.ID == \\\"hello-2\\\"\"}}}");
            final SteadyTraffic traffic = SteadyTraffic.start(mesh().gateway(), Duration.ofMillis(50),
                                                              "/hello/greet?name=Ada", "/hello/delay/100",
                                                              "/hello/sum?a=1&b=2");
            SteadyTraffic.Result result;
            try {
                for (int i = 0; i < 10; i++) {
                    final String subset = i % 2 == 0 ? "one" : "two";
                    consul.putConfig("{\"Kind\":\"service-router\",\"Name\":\"hello\",\"Routes\":[" +
                                     "{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/\"}},\"Destination\":" +
                                     "{\"ServiceSubset\":\"" + subset + "\"}}]}");
                    final String instance = "hello-" + (i % 2 + 1);
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                            () -> assertThat(servedBy("/hello/greet", "x-test", "", 3)).containsOnlyKeys(instance));
                }
            } finally {
                result = traffic.stop();
            }
            assertThat(result.ok()).isPositive();
            assertThat(result.failures()).as("failed requests of %d", result.sent()).isEmpty();
        });
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

    /**
     * {@link #servedBy} with {@value #CONCURRENT_CALLS} calls in flight: for a share the splitter draws at
     * random per request, where the order of the calls cannot matter, and many calls are needed.
     */
    private Map<String, Integer> servedByConcurrently(String path, String header, String value, int n) {
        final WebClient client = WebClient.builder(mesh().gateway().toString())
                                          .responseTimeout(Duration.ofSeconds(20)).build();
        final Map<String, Integer> seen = new HashMap<>();
        for (int sent = 0; sent < n; sent += CONCURRENT_CALLS) {
            final List<CompletableFuture<AggregatedHttpResponse>> calls = new ArrayList<>();
            for (int i = sent; i < Math.min(n, sent + CONCURRENT_CALLS); i++) {
                calls.add(client.prepare().get(path).header(header, value).execute().aggregate());
            }
            for (CompletableFuture<AggregatedHttpResponse> call : calls) {
                final AggregatedHttpResponse response = call.join();
                assertThat(response.status().code()).as("%s", response.contentUtf8()).isEqualTo(200);
                seen.merge(response.headers().get("x-weft-instance", "<none>"), 1, Integer::sum);
            }
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

    /**
     * Consul's L7 intentions ({@code service-intentions} with {@code Permissions}) written with
     * {@code PUT /v1/config}: the gateway may not {@code GET /v1/sum/40...} (403, HTTP through the Armeria
     * inbound path) and hello may not call {@code Add} (PERMISSION_DENIED, gRPC); everything else still
     * passes. A changed entry applies without a restart, and deleting it restores everything.
     */
    @Test
    void anL7IntentionDeniesGetOnOnePathForOneCallerAndAChangeAppliesWithoutRestart() {
        final ConsulApiClient consul = new ConsulApiClient(mesh().consul());
        try {
            // Consul allows Permissions only on an HTTP-like service.
            consul.putConfig("{\"Kind\":\"service-defaults\",\"Name\":\"sum\",\"Protocol\":\"http\"}");
            consul.putConfig(sumIntentions("/v1/sum/40"));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                final AggregatedHttpResponse denied = gateway().get("/sum/v1/sum/40/2");
                assertThat(denied.status().code()).as(denied.contentUtf8()).isEqualTo(403);
                assertThat(denied.contentUtf8()).contains("'gateway'")
                        .contains("intention gateway -> sum, Permissions[0] (deny GET /v1/sum/40*)");
            });
            assertThat(gateway().get("/sum/v1/sum/1/2").status().code()).isEqualTo(200);
            assertThat(gateway().prepare().post("/sum/v1/sum").content(MediaType.JSON_UTF_8, "{\"a\":40,\"b\":2}")
                                .execute().status().code()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                final AggregatedHttpResponse denied = gateway().get("/hello/sum?a=1&b=2");
                assertThat(denied.contentUtf8()).contains("PERMISSION_DENIED")
                                                .contains("intention hello -> sum, Permissions[0]");
            });
            assertThat(gateway().get("/hello/greet?name=Ada").status().code()).isEqualTo(200);

            // Another path now: the change is in force at once, no restart.
            consul.putConfig(sumIntentions("/v1/sum/1/"));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertThat(gateway().get("/sum/v1/sum/1/2").status().code()).isEqualTo(403);
                assertThat(gateway().get("/sum/v1/sum/40/2").status().code()).isEqualTo(200);
            });
        } finally {
            consul.deleteConfig("service-intentions", "sum");
            consul.deleteConfig("service-defaults", "sum");
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(gateway().get("/sum/v1/sum/1/2").status().code()).isEqualTo(200);
            assertThat(gateway().get("/hello/sum?a=1&b=2").status().code()).isEqualTo(200);
        });
    }

    /** gateway: deny GET below {@code deniedPrefix}, allow the rest; hello: deny sum's Add over gRPC. */
    private static String sumIntentions(String deniedPrefix) {
        return "{\"Kind\":\"service-intentions\",\"Name\":\"sum\",\"Sources\":[" +
               "{\"Name\":\"gateway\",\"Permissions\":[" +
               "{\"Action\":\"deny\",\"HTTP\":{\"PathPrefix\":\"" + deniedPrefix + "\",\"Methods\":[\"GET\"]}}," +
               "{\"Action\":\"allow\",\"HTTP\":{\"PathPrefix\":\"/\"}}]}," +
               "{\"Name\":\"hello\",\"Permissions\":[" +
               "{\"Action\":\"deny\",\"HTTP\":{\"PathExact\":\"/weft.demo.sum.v1.SumService/Add\"}}," +
               "{\"Action\":\"allow\",\"HTTP\":{\"PathPrefix\":\"/\"}}]}]}";
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
        // After the restart the mesh still follows Consul: a new intention takes effect, once the restarted
        // control plane is up again and serves every sidecar (a container's JVM start takes seconds).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
               .until(() -> connectedSidecars() >= SIDECARS.size());
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
