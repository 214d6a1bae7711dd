package io.weft.devmesh.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;

/**
 * Behaviour of the stand-in beyond the contract suite: TCP, gRPC and TTL checks, reaping,
 * maintenance mode, check IDs, re-registration, legacy intentions, status endpoints, blocking-query
 * bookkeeping, and suspend/resume. Probes run every 100 ms here to keep the suite quick. The tests
 * share one stand-in, so each uses its own names.
 */
class ConsulStandInTest {
    private static ConsulStandIn consul;
    private static ConsulHttp http;

    @BeforeAll
    static void start() {
        consul = ConsulStandIn.builder()
                              .port(0)
                              .nodeName("node-a")
                              .datacenter("dc7")
                              .minCheckInterval(Duration.ofMillis(100))
                              .reapInterval(Duration.ofMillis(100))
                              .start();
        http = new ConsulHttp(consul.uri());
    }

    @AfterAll
    static void stop() {
        consul.close();
    }

    @Test
    void tcpCheckFollowsTheListener() throws IOException {
        final ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        register("""
                {"ID": "db-1", "Name": "db", "Port": 5432,
                 "Check": {"TCP": "127.0.0.1:%d", "Interval": "100ms", "Timeout": "1s"}}
                """.formatted(listener.getLocalPort()));
        await().atMost(Duration.ofSeconds(10)).until(() -> checkStatus("db", "service:db-1").equals("passing"));
        assertThat(check("db", "service:db-1").get("Output").asText())
                .isEqualTo("TCP connect 127.0.0.1:" + listener.getLocalPort() + ": Success");

        listener.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> checkStatus("db", "service:db-1").equals("critical"));
        assertThat(check("db", "service:db-1").get("Output").asText()).startsWith("dial tcp 127.0.0.1:");
    }

    @Test
    void grpcCheckCallsTheStandardHealthService() {
        final AtomicInteger servingStatus = new AtomicInteger(1);
        final AtomicReference<byte[]> lastRequest = new AtomicReference<>();
        final Server grpcApp = BossGroups.applyTo(Server.builder())
                                     .http(0)
                                     .service("/grpc.health.v1.Health/Check", (ctx, req) -> HttpResponse.of(
                                             req.aggregate().thenApply(agg -> {
                                                 lastRequest.set(agg.content().array());
                                                 return grpcHealthResponse(servingStatus.get());
                                             })))
                                     .build();
        grpcApp.start().join();
        try {
            register("""
                    {"ID": "sum-1", "Name": "sum", "Port": 1,
                     "Check": {"GRPC": "127.0.0.1:%d/weft.sum.v1.Sum", "Interval": "100ms"}}
                    """.formatted(grpcApp.activeLocalPort()));
            await().atMost(Duration.ofSeconds(10)).until(() -> checkStatus("sum", "service:sum-1").equals("passing"));
            // HealthCheckRequest{service = "weft.sum.v1.Sum"} in one uncompressed gRPC frame.
            assertThat(new String(lastRequest.get(), 7, lastRequest.get().length - 7))
                    .isEqualTo("weft.sum.v1.Sum");

            servingStatus.set(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> checkStatus("sum", "service:sum-1").equals("critical"));
            assertThat(check("sum", "service:sum-1").get("Output").asText()).contains("NOT_SERVING");
        } finally {
            grpcApp.stop().join();
        }
    }

    @Test
    void ttlCheckExpiresToCritical() {
        register("""
                {"ID": "job-1", "Name": "job", "Check": {"TTL": "300ms", "Status": "passing"}}
                """);
        put("/v1/agent/check/pass/service:job-1?note=alive", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> checkStatus("job", "service:job-1").equals("critical"));
        assertThat(check("job", "service:job-1").get("Output").asText())
                .isEqualTo("TTL expired (last output before timeout follows): alive");
    }

    @Test
    void servicesCriticalForTooLongAreDeregistered() {
        register("""
                {"ID": "flaky-1", "Name": "flaky",
                 "Check": {"TTL": "1h", "DeregisterCriticalServiceAfter": "200ms"}}
                """);
        register("""
                {"ID": "flaky-2", "Name": "flaky",
                 "Check": {"TTL": "1h", "Status": "passing", "DeregisterCriticalServiceAfter": "200ms"}}
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> !json(get("/v1/agent/services")).has("flaky-1"));
        assertThat(json(get("/v1/agent/services")).has("flaky-2")).isTrue();
    }

    @Test
    void maintenanceModeAddsACriticalCheck() {
        register("""
                {"ID": "web-1", "Name": "web", "Check": {"TTL": "1h", "Status": "passing"}}
                """);
        assertThat(json(get("/v1/health/service/web?passing"))).hasSize(1);

        assertThat(put("/v1/agent/service/maintenance/web-1?enable=true&reason=upgrading", "").status())
                .isEqualTo(HttpStatus.OK);
        assertThat(json(get("/v1/health/service/web?passing"))).isEmpty();
        final JsonNode maint = check("web", "_service_maintenance:web-1");
        assertThat(maint.get("Status").asText()).isEqualTo("critical");
        assertThat(maint.get("Notes").asText()).isEqualTo("upgrading");
        assertThat(maint.get("Name").asText()).isEqualTo("Service Maintenance Mode");

        put("/v1/agent/service/maintenance/web-1?enable=false", "");
        assertThat(json(get("/v1/health/service/web?passing"))).hasSize(1);

        final AggregatedHttpResponse unknown = put("/v1/agent/service/maintenance/nope?enable=true", "");
        assertThat(unknown.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.contentUtf8()).isEqualTo("No service registered with ID \"nope\"");
        final AggregatedHttpResponse noEnable = put("/v1/agent/service/maintenance/web-1", "");
        assertThat(noEnable.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noEnable.contentUtf8()).isEqualTo("Missing value for enable");
    }

    @Test
    void checkIdsAreNumberedAndReplaceExistingChecksRemovesOthers() {
        register("""
                {"ID": "api-1", "Name": "api", "Checks": [{"TTL": "1h"}, {"TTL": "1h", "Name": "second"}]}
                """);
        assertThat(ConsulHttp.checkIds(json(get("/v1/health/service/api")).get(0)))
                .containsExactly("serfHealth", "service:api-1:1", "service:api-1:2");
        assertThat(check("api", "service:api-1:1").get("Name").asText()).isEqualTo("Service 'api' check");
        assertThat(check("api", "service:api-1:2").get("Name").asText()).isEqualTo("second");

        register("""
                {"ID": "api-1", "Name": "api", "Check": {"CheckID": "custom", "TTL": "1h"}}
                """);
        assertThat(ConsulHttp.checkIds(json(get("/v1/health/service/api")).get(0)))
                .containsExactly("serfHealth", "custom", "service:api-1:1", "service:api-1:2");

        assertThat(put("/v1/agent/service/register?replace-existing-checks",
                       "{\"ID\": \"api-1\", \"Name\": \"api\", \"Check\": {\"CheckID\": \"custom\", \"TTL\": \"1h\"}}")
                           .status()).isEqualTo(HttpStatus.OK);
        assertThat(ConsulHttp.checkIds(json(get("/v1/health/service/api")).get(0)))
                .containsExactly("serfHealth", "custom");
    }

    @Test
    void reRegisteringKeepsCheckStatusAndAnIdenticalOneTakesNoIndex() {
        final String body = "{\"ID\": \"q-1\", \"Name\": \"q\", \"Port\": 7, \"Check\": {\"TTL\": \"1h\"}}";
        register(body);
        put("/v1/agent/check/pass/service:q-1", "");
        final long index = ConsulHttp.index(get("/v1/health/service/q"));

        register(body);
        assertThat(ConsulHttp.index(get("/v1/health/service/q"))).isEqualTo(index);
        assertThat(checkStatus("q", "service:q-1")).isEqualTo("passing");

        register(body.replace("\"Port\": 7", "\"Port\": 8"));
        assertThat(ConsulHttp.index(get("/v1/health/service/q"))).isGreaterThan(index);
        assertThat(checkStatus("q", "service:q-1")).isEqualTo("passing");
    }

    @Test
    void decodesSnakeCaseKeysAndNanosecondDurations() {
        register("""
                {"id": "s-1", "name": "snake", "enable_tag_override": true,
                 "check": {"ttl": 60000000000, "deregister_critical_service_after": "90m", "status": "warning"}}
                """);
        final JsonNode c = check("snake", "service:s-1");
        assertThat(c.get("Status").asText()).isEqualTo("warning");
        assertThat(c.at("/Definition/TTL").asText()).isEqualTo("1m0s");
        assertThat(c.at("/Definition/DeregisterCriticalServiceAfter").asText()).isEqualTo("1h30m0s");
        assertThat(json(get("/v1/agent/services")).at("/s-1/EnableTagOverride").asBoolean()).isTrue();
    }

    @Test
    void rejectsWhatConsulRejects() {
        assertError(put("/v1/agent/service/register", ""), 400, "Request decode failed: EOF");
        assertError(put("/v1/agent/service/register", "{\"Name\": \"x\", \"Address\": \"0.0.0.0\"}"),
                    400, "Invalid service address");
        assertError(put("/v1/agent/service/register", "{\"Name\": \"x\", \"Check\": {\"TTL\": \"1h\", " +
                                                       "\"Status\": \"sleepy\"}}"),
                    400, "Status for checks must 'passing', 'warning', 'critical'");
        assertError(put("/v1/agent/service/register", "{\"Name\": \"x\", \"Check\": {\"TTL\": \"soon\"}}"),
                    400, "Request decode failed: time: invalid duration \"soon\"");
        assertError(put("/v1/agent/service/register", "{\"Name\": \"x\", \"Check\": {\"TTL\": \"1h\", " +
                                                       "\"Interval\": \"1s\"}}"),
                    400, "Invalid check: Interval and TTL cannot both be specified");
        assertError(put("/v1/agent/service/register", "{\"Name\": \"x\", \"Check\": {\"Args\": [\"/bin/true\"], " +
                                                       "\"Interval\": \"1s\"}}"),
                    400, "Invalid check: the weft Consul stand-in runs HTTP, TCP, GRPC and TTL checks only (got Args)");

        register("{\"ID\": \"h-1\", \"Name\": \"h\", \"Check\": {\"TCP\": \"127.0.0.1:1\", \"Interval\": \"1h\"}}");
        assertError(put("/v1/agent/check/pass/service:h-1", ""), 500,
                    "CheckID \"service:h-1\" does not have associated TTL");
        assertError(put("/v1/agent/check/update/service:h-1", "{\"Status\": \"sleepy\"}"), 400,
                    "Invalid check status: 'sleepy'");
        assertError(get("/v1/health/service/h?passing=maybe"), 400, "Invalid value for ?passing");
        assertError(get("/v1/catalog/services?wait=1d"), 400, "Invalid wait time");
        assertError(get("/v1/catalog/services?index=-1"), 400, "Invalid index");
        assertError(get("/v1/agent/service/register"), 405, "method GET not allowed");
        assertThat(get("/v1/kv/anything").status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertError(get("/v1/catalog/services?dc=elsewhere"), 500, "No path to datacenter");
        assertThat(get("/v1/catalog/services?dc=dc7").status()).isEqualTo(HttpStatus.OK);
        assertError(get("/v1/health/service/h?filter=Service.Port%3D1"), 500,
                    "Failed to create boolean expression evaluator: column 13: expected an operator (==, !=, " +
                    "contains, not contains, matches, not matches, is empty, is not empty, is nil, is not nil) " +
                    "after Service.Port, found \"=1\"");
        assertError(get("/v1/catalog/services?filter=a%3D%3Db"), 400,
                    "?filter is not supported on /v1/catalog/services by the weft Consul stand-in (it is on " +
                    "/v1/agent/services, /v1/agent/checks, /v1/catalog/nodes, /v1/catalog/service/, " +
                    "/v1/health/service/, /v1/health/checks/, /v1/health/state/)");
        assertError(get("/v1/health/service/h?stale&consistent"), 400,
                    "Cannot specify ?stale with ?consistent, conflicting semantics.");
        assertError(put("/v1/connect/intentions/exact?source=web", "{\"Action\": \"allow\"}"), 500,
                    "required query parameter 'destination' not set");
        assertError(put("/v1/connect/intentions/exact?source=web&destination=db", "{\"Action\": \"maybe\"}"), 400,
                    "Action must be set to 'allow' or 'deny'");
        assertError(put("/v1/connect/intentions/exact?source=we*&destination=db", "{\"Action\": \"deny\"}"), 400,
                    "source \"we*\" is invalid: wildcard character '*' cannot be used with partial values");
    }

    @Test
    void legacyIntentionsByIdAndMatchAndCheck() {
        final AggregatedHttpResponse created = post("/v1/connect/intentions", """
                {"SourceName": "web", "DestinationName": "db", "SourceType": "consul", "Action": "deny",
                 "Meta": {"owner": "team-a"}}
                """);
        final String id = json(created).get("ID").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        final JsonNode byId = json(get("/v1/connect/intentions/" + id));
        assertThat(byId.get("ID").asText()).isEqualTo(id);
        assertThat(byId.get("Precedence").asInt()).isEqualTo(9);
        assertThat(byId.at("/Meta/owner").asText()).isEqualTo("team-a");
        assertThat(byId.get("CreatedAt").asText()).isNotEmpty();

        assertError(post("/v1/connect/intentions",
                         "{\"SourceName\": \"web\", \"DestinationName\": \"db\", \"Action\": \"allow\"}"),
                    500, "duplicate intention found: default/web => default/db (ID: " + id +
                         ", Precedence: 9, Action: DENY)");

        put("/v1/connect/intentions/exact?source=*&destination=db", "{\"Action\": \"allow\"}");
        final JsonNode matches = json(get("/v1/connect/intentions/match?by=destination&name=db"));
        assertThat(matches.get("db")).hasSize(2);
        assertThat(matches.get("db").get(0).get("SourceName").asText()).isEqualTo("web");
        assertThat(json(get("/v1/connect/intentions/check?source=web&destination=db")).get("Allowed").asBoolean())
                .isFalse();
        assertThat(json(get("/v1/connect/intentions/check?source=api&destination=db")).get("Allowed").asBoolean())
                .isTrue();

        assertThat(delete("/v1/connect/intentions/" + id).contentUtf8()).isEqualTo("true");
        assertError(get("/v1/connect/intentions/" + id), 404, "Intention not found");
        assertThat(json(get("/v1/connect/intentions/check?source=web&destination=db")).get("Allowed").asBoolean())
                .isTrue();
    }

    @Test
    void nodeSelfAndStatusDescribeTheDevAgent() {
        assertThat(get("/v1/status/leader").contentUtf8()).isEqualTo("\"127.0.0.1:8300\"");
        assertThat(json(get("/v1/status/peers")).get(0).asText()).isEqualTo("127.0.0.1:8300");
        final JsonNode self = json(get("/v1/agent/self"));
        assertThat(self.at("/Config/Datacenter").asText()).isEqualTo("dc7");
        assertThat(self.at("/Config/NodeName").asText()).isEqualTo("node-a");
        final JsonNode nodes = json(get("/v1/catalog/nodes"));
        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0).get("Node").asText()).isEqualTo("node-a");
        assertThat(nodes.get(0).get("Address").asText()).isEqualTo("127.0.0.1");
        assertThat(nodes.get(0).get("Datacenter").asText()).isEqualTo("dc7");
        // Like a real server, the catalog lists Consul itself.
        assertThat(json(get("/v1/catalog/services")).has("consul")).isTrue();
        assertThat(json(get("/v1/health/service/consul"))).hasSize(1);
    }

    @Test
    void blockingQueriesWaitOnlyForTheirOwnServiceAndLeaveNothingBehind() {
        register("{\"ID\": \"a-1\", \"Name\": \"a\", \"Check\": {\"TTL\": \"1h\", \"Status\": \"passing\"}}");
        final long index = ConsulHttp.index(get("/v1/health/service/a"));
        final CompletableFuture<AggregatedHttpResponse> pending =
                http.getAsync("/v1/health/service/a?index=" + index + "&wait=60s");
        await().until(() -> consul.catalog().pendingWatches() == 1);

        register("{\"ID\": \"b-1\", \"Name\": \"b\"}");
        // The unrelated registration woke nobody: the query is still parked on service "a".
        assertThat(consul.catalog().pendingWatches()).isEqualTo(1);
        assertThat(pending).isNotDone();

        put("/v1/agent/check/fail/service:a-1", "");
        await().atMost(Duration.ofSeconds(10)).until(pending::isDone);
        assertThat(ConsulHttp.index(pending.join())).isGreaterThan(index);
        assertThat(consul.catalog().pendingWatches()).isZero();

        // A query that times out unsubscribes as well.
        final long now = ConsulHttp.index(pending.join());
        assertThat(ConsulHttp.index(get("/v1/health/service/a?index=" + now + "&wait=100ms"))).isEqualTo(now);
        assertThat(consul.catalog().pendingWatches()).isZero();
    }

    @Test
    void manyParkedQueriesHoldNoThreadsAndAllWakeOnOneChange() {
        register("{\"ID\": \"many-1\", \"Name\": \"many\"}");
        final long index = ConsulHttp.index(get("/v1/health/service/many"));
        final List<CompletableFuture<AggregatedHttpResponse>> parked = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            parked.add(http.getAsync("/v1/health/service/many?index=" + index + "&wait=60s"));
        }
        // Each parked query is one listener on the catalog, not a waiting thread.
        await().atMost(Duration.ofSeconds(10)).until(() -> consul.catalog().pendingWatches() == 200);

        register("{\"ID\": \"many-2\", \"Name\": \"many\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> parked.stream().allMatch(CompletableFuture::isDone));
        assertThat(parked).allSatisfy(f -> assertThat(ConsulHttp.json(f.join())).hasSize(2));
        assertThat(consul.catalog().pendingWatches()).isZero();
    }

    @Test
    void suspendRefusesConnectionsAndResumeKeepsState() {
        register("{\"ID\": \"keep-1\", \"Name\": \"keep\"}");
        final int port = consul.port();
        consul.suspend();
        assertThatThrownBy(() -> get("/v1/agent/services")).hasRootCauseInstanceOf(java.net.ConnectException.class);
        consul.resume();
        assertThat(consul.port()).isEqualTo(port);
        assertThat(json(get("/v1/agent/services")).has("keep-1")).isTrue();
    }

    @Test
    void builderRejectsBadValues() {
        assertThatThrownBy(() -> ConsulStandIn.builder().port(70000))
                .hasMessage("port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> ConsulStandIn.builder().minCheckInterval(Duration.ZERO))
                .hasMessage("minCheckInterval: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ConsulStandIn.builder().nodeName(" "))
                .hasMessage("nodeName: \" \" (expected: not blank)");
        assertThatThrownBy(() -> ConsulStandIn.builder().port(consul.port()).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot start the Consul stand-in on 127.0.0.1:" + consul.port());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static HttpResponse grpcHealthResponse(int status) {
        final byte[] body = { 0, 0, 0, 0, 2, 0x08, (byte) status };
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, "application/grpc"),
                               HttpData.wrap(body), HttpHeaders.of("grpc-status", "0"));
    }

    private static void register(String body) {
        http.register(body);
    }

    private static String checkStatus(String service, String checkId) {
        return check(service, checkId).get("Status").asText();
    }

    private static JsonNode check(String service, String checkId) {
        return ConsulHttp.check(json(get("/v1/health/service/" + service)).get(0), checkId);
    }

    private static void assertError(AggregatedHttpResponse res, int status, String body) {
        assertThat(res.status().code()).as(res.contentUtf8()).isEqualTo(status);
        assertThat(res.contentUtf8()).isEqualTo(body);
        assertThat(res.contentType()).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
    }

    private static AggregatedHttpResponse get(String path) {
        return http.get(path);
    }

    private static AggregatedHttpResponse put(String path, String body) {
        return http.put(path, body);
    }

    private static AggregatedHttpResponse post(String path, String body) {
        return http.post(path, body);
    }

    private static AggregatedHttpResponse delete(String path) {
        return http.delete(path);
    }

    private static JsonNode json(AggregatedHttpResponse res) {
        return ConsulHttp.json(res);
    }
}
