package io.weft.devmesh.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;

/**
 * The stand-in's config entries, intentions and KV beyond the contract suite: what only the stand-in
 * can show (parked-query bookkeeping) and Consul's exact messages for the rarer mistakes.
 */
class ConsulStandInConfigTest {
    private static ConsulStandIn consul;
    private static ConsulHttp http;

    @BeforeAll
    static void start() {
        consul = ConsulStandIn.start(0);
        http = new ConsulHttp(consul.uri());
    }

    @AfterAll
    static void stop() {
        consul.close();
    }

    @Test
    void aThousandParkedQueriesLeaveTheEventLoopsFreeAndAllWakeOnOneWrite() {
        final AggregatedHttpResponse absent = http.get("/v1/kv/parked/key");
        assertThat(absent.status()).isEqualTo(HttpStatus.NOT_FOUND);
        final long index = ConsulHttp.index(absent);
        final List<CompletableFuture<AggregatedHttpResponse>> parked = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            parked.add(http.getAsync("/v1/kv/parked/key?index=" + index + "&wait=5m"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> consul.catalog().pendingWatches() == 1000);
        assertThat(parked).noneMatch(CompletableFuture::isDone);

        // Another request is answered while all of them are parked.
        final CompletableFuture<AggregatedHttpResponse> other = http.getAsync("/v1/agent/self");
        await().atMost(Duration.ofSeconds(10)).until(other::isDone);
        assertThat(other.join().status()).isEqualTo(HttpStatus.OK);

        assertThat(ConsulHttp.json(http.put("/v1/kv/parked/key", "v")).asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> parked.stream().allMatch(CompletableFuture::isDone));
        assertThat(parked).allSatisfy(f -> {
            assertThat(ConsulHttp.json(f.join()).get(0).get("Value").asText()).isEqualTo("dg==");
            assertThat(ConsulHttp.index(f.join())).isGreaterThan(index);
        });
        assertThat(consul.catalog().pendingWatches()).isZero();
    }

    @Test
    void intentionsShowConsulsFieldsAndMetaComesFromTheEntry() {
        assertThat(ConsulHttp.json(http.put("/v1/connect/intentions/exact?source=a&destination=b",
                                            "{\"Action\": \"allow\"}")).asBoolean()).isTrue();
        final JsonNode exact = ConsulHttp.json(http.get("/v1/connect/intentions/exact?source=a&destination=b"));
        assertThat(exact.get("ID").asText()).isEmpty();
        assertThat(exact.get("Description").asText()).isEmpty();
        assertThat(exact.get("CreatedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(exact.get("UpdatedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");

        assertError(http.put("/v1/connect/intentions/exact?source=a&destination=fresh",
                             "{\"Action\": \"allow\", \"Meta\": {\"k\": \"v\"}}"), 500, "Meta must not be specified");
        assertThat(ConsulHttp.json(http.put("/v1/config", """
                {"Kind": "service-intentions", "Name": "metad", "Meta": {"owner": "team"},
                 "Sources": [{"Name": "web", "Action": "allow"}]}""")).asBoolean()).isTrue();
        assertThat(ConsulHttp.json(http.put("/v1/connect/intentions/exact?source=api&destination=metad",
                                            "{\"Action\": \"deny\", \"Meta\": {\"owner\": \"team\"}}")).asBoolean())
                .isTrue();
        assertError(http.put("/v1/connect/intentions/exact?source=api&destination=metad",
                             "{\"Action\": \"deny\", \"Meta\": {\"owner\": \"else\"}}"), 500,
                    "Meta must not be specified, or should be unchanged during an update.");
        assertThat(ConsulHttp.json(http.get("/v1/connect/intentions/exact?source=api&destination=metad"))
                             .at("/Meta/owner").asText()).isEqualTo("team");

        // A legacy intention has an ID and times, and the entry shows them as Legacy* fields.
        final String id = ConsulHttp.json(http.post("/v1/connect/intentions", """
                {"SourceName": "old", "DestinationName": "b", "Action": "deny", "Meta": {"m": "1"}}"""))
                                    .get("ID").asText();
        final JsonNode legacy = ConsulHttp.json(http.get("/v1/connect/intentions/" + id));
        assertThat(legacy.get("CreatedAt").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
        assertThat(legacy.at("/Meta/m").asText()).isEqualTo("1");
        final JsonNode entry = ConsulHttp.json(http.get("/v1/config/service-intentions/b"));
        assertThat(entry.get("Sources").findValuesAsText("LegacyID")).containsExactly(id);
    }

    @Test
    void l7PermissionsAreKeptAndShownByTheLegacyApi() {
        assertThat(ConsulHttp.json(http.put("/v1/config", """
                {"Kind": "service-defaults", "Name": "l7", "Protocol": "http"}""")).asBoolean()).isTrue();
        assertThat(ConsulHttp.json(http.put("/v1/config", """
                {"Kind": "service-intentions", "Name": "l7",
                 "Sources": [{"Name": "web", "Permissions": [
                     {"Action": "deny", "HTTP": {"PathPrefix": "/admin", "Methods": ["GET"]}}]}]}
                """)).asBoolean()).isTrue();
        final JsonNode exact = ConsulHttp.json(http.get("/v1/connect/intentions/exact?source=web&destination=l7"));
        assertThat(exact.get("Action").asText()).isEmpty();
        assertThat(exact.at("/Permissions/0/HTTP/PathPrefix").asText()).isEqualTo("/admin");
        assertError(http.put("/v1/config", """
                {"Kind": "service-intentions", "Name": "l7",
                 "Sources": [{"Name": "web", "Action": "allow", "Permissions": [{"Action": "deny", "HTTP": {}}]}]}
                """), 500, "Sources[0].Action must be omitted if Permissions are specified");
        assertError(http.put("/v1/config", """
                {"Kind": "service-intentions", "Name": "l7", "Sources": [{"Name": "web"}]}"""), 500,
                    "Sources[0].Action must be set to 'allow' or 'deny'");
    }

    @Test
    void acceptsConsulsOtherKeySpellingsAndChecksResolversAndRouters() {
        assertThat(ConsulHttp.json(http.put("/v1/config", """
                {"kind": "service-resolver", "name": "res", "connect_timeout": "5s", "default_subset": "v1",
                 "Subsets": {"v1": {"Filter": "Service.Meta.version == v1"}}}""")).asBoolean()).isTrue();
        final JsonNode resolver = ConsulHttp.json(http.get("/v1/config/service-resolver/res"));
        assertThat(resolver.get("Kind").asText()).isEqualTo("service-resolver");
        assertThat(resolver.get("ConnectTimeout").asText()).isEqualTo("5s");
        assertThat(resolver.get("DefaultSubset").asText()).isEqualTo("v1");

        assertError(http.put("/v1/config", """
                {"Kind": "service-resolver", "Name": "res",
                 "Subsets": {"v1": {"Filter": "Service.Meta.version = v1"}}}"""), 500,
                    "Bad Subsets[\"v1\"].Filter: column 22: expected an operator (==, !=, contains, not contains, " +
                    "matches, not matches, is empty, is not empty, is nil, is not nil) after Service.Meta.version, " +
                    "found \"= v1\"");
        assertError(http.put("/v1/config", """
                {"Kind": "service-resolver", "Name": "res", "DefaultSubset": "v9"}"""), 500,
                    "DefaultSubset \"v9\" is not a valid subset");
        assertError(http.put("/v1/config", """
                {"Kind": "service-router", "Name": "r",
                 "Routes": [{"Match": {"HTTP": {"PathExact": "/a", "PathPrefix": "/b"}}}]}"""), 500,
                    "Route[0] should only contain at most one of PathExact, PathPrefix, or PathRegex");
        assertError(http.put("/v1/config?cas=x", "{\"Kind\": \"service-defaults\", \"Name\": \"c\"}"), 500,
                    "strconv.ParseUint: parsing \"x\": invalid syntax");
        assertError(http.get("/v1/config/nope/x"), 500, "invalid config entry kind: nope");
        assertError(http.delete("/v1/config/nope/x"), 400, "invalid config entry kind: nope");
        assertError(http.delete("/v1/config/service-defaults"), 404, "Must provide both a kind and name to delete");
    }

    @Test
    void refusesWhatTheStandInCannotDoWithAClearError() {
        assertError(http.get("/v1/health/state/sleepy"), 400, "Invalid check state: sleepy");
        assertError(http.put("/v1/kv/k?acquire=abc", "v"), 400,
                    "?acquire is not supported: the weft Consul stand-in has no sessions");
        assertError(http.put("/v1/catalog/register", "{\"Node\": \"elsewhere\"}"), 400,
                    "the weft Consul stand-in has one node, weft-dev (got Node \"elsewhere\")");
        assertError(http.put("/v1/kv/", "v"), 400, "Missing key name");
        // /v1/connect/intentions/exact answers at once, whatever ?index says.
        http.put("/v1/connect/intentions/exact?source=x&destination=y", "{\"Action\": \"deny\"}");
        final CompletableFuture<AggregatedHttpResponse> exact =
                http.getAsync("/v1/connect/intentions/exact?source=x&destination=y&index=999999999&wait=60s");
        await().atMost(Duration.ofSeconds(20)).until(exact::isDone);
        assertThat(ConsulHttp.json(exact.join()).get("Action").asText()).isEqualTo("deny");
    }

    private static void assertError(AggregatedHttpResponse res, int status, String body) {
        assertThat(res.status().code()).as(res.contentUtf8()).isEqualTo(status);
        assertThat(res.contentUtf8()).isEqualTo(body);
    }
}
