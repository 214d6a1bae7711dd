package io.weft.devmesh.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.agent.model.NewService;
import com.ecwid.consul.v1.catalog.CatalogServicesRequest;
import com.ecwid.consul.v1.health.HealthServicesRequest;
import com.ecwid.consul.v1.health.model.HealthService;
import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;

/**
 * One set of Consul API scenarios, run against the stand-in ({@link ConsulStandInContractTest},
 * always) and a real Consul ({@link ConsulContainerContractTest}, where Docker exists), so the
 * stand-in cannot drift from Consul. Every test uses its own service names: the Consul under test
 * is shared by the class.
 */
abstract class ConsulContract {
    /** Health statuses the checks of this JVM's target server answer with, per check path. */
    private static final Map<String, Integer> targetStatus = new ConcurrentHashMap<>();
    private static Server target;

    private ConsulHttp http;

    /** The Consul HTTP API under test. */
    abstract URI consulUri();

    /** The host name under which the Consul under test reaches this JVM (for HTTP checks). */
    abstract String hostSeenByConsul();

    @BeforeAll
    static void startCheckTarget() {
        target = BossGroups.applyTo(Server.builder())
                       .http(new InetSocketAddress("0.0.0.0", 0))
                       .service("prefix:/health/", (ctx, req) -> {
                           final String id = ctx.mappedPath().substring(1);
                           return HttpResponse.of(HttpStatus.valueOf(targetStatus.getOrDefault(id, 200)),
                                                  MediaType.PLAIN_TEXT_UTF_8, "status of " + id);
                       })
                       .build();
        target.start().join();
    }

    @AfterAll
    static void stopCheckTarget() {
        target.stop().join();
    }

    static int targetPort() {
        return target.activeLocalPort();
    }

    @BeforeEach
    void setUpClient() {
        http = new ConsulHttp(consulUri());
    }

    // ---- scenarios ----------------------------------------------------------------------------

    @Test
    void httpCheckDecidesWhetherAnInstanceIsPassing() {
        final String name = unique("web");
        final String id = name + "-1";
        targetStatus.put(id, 200);
        assertThat(put("/v1/agent/service/register", """
                {"ID": "%s", "Name": "%s", "Tags": ["v1"], "Address": "127.0.0.1", "Port": 21000,
                 "Meta": {"weft-protocol": "http", "weft-weight": "5"},
                 "Check": {"HTTP": "http://%s:%d/health/%s", "Interval": "1s", "Timeout": "2s"}}
                """.formatted(id, name, hostSeenByConsul(), targetPort(), id)).status())
                .isEqualTo(HttpStatus.OK);

        await().atMost(Duration.ofSeconds(20)).until(() -> passing(name).size() == 1);
        final JsonNode entry = passing(name).get(0);
        assertThat(entry.at("/Service/ID").asText()).isEqualTo(id);
        assertThat(entry.at("/Service/Service").asText()).isEqualTo(name);
        assertThat(entry.at("/Service/Port").asInt()).isEqualTo(21000);
        assertThat(entry.at("/Service/Address").asText()).isEqualTo("127.0.0.1");
        assertThat(entry.at("/Service/Meta/weft-protocol").asText()).isEqualTo("http");
        assertThat(entry.at("/Service/Meta/weft-weight").asText()).isEqualTo("5");
        assertThat(entry.at("/Service/Tags").get(0).asText()).isEqualTo("v1");
        assertThat(entry.at("/Node/Node").asText()).isNotEmpty();
        assertThat(entry.at("/Node/Address").asText()).isNotEmpty();
        assertThat(checkIds(entry)).contains("serfHealth", "service:" + id);
        assertThat(check(entry, "service:" + id).get("Status").asText()).isEqualTo("passing");
        assertThat(check(entry, "service:" + id).get("Type").asText()).isEqualTo("http");

        targetStatus.put(id, 500);
        await().atMost(Duration.ofSeconds(20)).until(() -> passing(name).isEmpty());
        final JsonNode failing = health(name).get(0);
        assertThat(check(failing, "service:" + id).get("Status").asText()).isEqualTo("critical");
        assertThat(check(failing, "service:" + id).get("Output").asText()).contains("500");

        targetStatus.put(id, 429);
        await().atMost(Duration.ofSeconds(20)).until(
                () -> "warning".equals(check(health(name).get(0), "service:" + id).get("Status").asText()));
        assertThat(passing(name)).isEmpty();

        targetStatus.put(id, 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> passing(name).size() == 1);
        deregister(id);
    }

    @Test
    void ttlCheckStartsCriticalAndFollowsPassAndFail() {
        final String name = unique("ttl");
        final String id = name + "-1";
        register(id, name, 9000, "{\"TTL\": \"60s\"}");

        final JsonNode entry = health(name).get(0);
        assertThat(check(entry, "service:" + id).get("Status").asText()).isEqualTo("critical");
        assertThat(passing(name)).isEmpty();

        assertThat(put("/v1/agent/check/pass/service:" + id + "?note=all%20good", "").status())
                .isEqualTo(HttpStatus.OK);
        assertThat(passing(name)).hasSize(1);
        assertThat(check(passing(name).get(0), "service:" + id).get("Output").asText()).isEqualTo("all good");

        assertThat(put("/v1/agent/check/fail/service:" + id, "").status()).isEqualTo(HttpStatus.OK);
        assertThat(passing(name)).isEmpty();

        // warning: still listed (a mesh routes to it by default), but ?passing leaves it out
        assertThat(put("/v1/agent/check/warn/service:" + id + "?note=slow", "").status()).isEqualTo(HttpStatus.OK);
        assertThat(check(health(name).get(0), "service:" + id).get("Status").asText()).isEqualTo("warning");
        assertThat(check(health(name).get(0), "service:" + id).get("Output").asText()).isEqualTo("slow");
        assertThat(passing(name)).isEmpty();

        assertThat(put("/v1/agent/check/update/service:" + id, "{\"Status\": \"passing\", \"Output\": \"up\"}")
                           .status()).isEqualTo(HttpStatus.OK);
        assertThat(passing(name)).hasSize(1);
        deregister(id);
    }

    @Test
    void initialStatusCanBeGivenAndPassingAcceptsTrue() {
        final String name = unique("status");
        register(name + "-1", name, 9000, "{\"TTL\": \"60s\", \"Status\": \"passing\"}");
        assertThat(json(get("/v1/health/service/" + name + "?passing=true"))).hasSize(1);
        assertThat(json(get("/v1/health/service/" + name + "?passing=false"))).hasSize(1);
        deregister(name + "-1");
    }

    @Test
    void catalogListsServicesWithTheirTagsAndInstances() {
        final String name = unique("cat");
        put("/v1/agent/service/register", """
                {"ID": "%s-1", "Name": "%s", "Tags": ["blue"], "Port": 1001, "Meta": {"weft-protocol": "grpc"}}
                """.formatted(name, name));
        put("/v1/agent/service/register", """
                {"ID": "%s-2", "Name": "%s", "Tags": ["green"], "Address": "10.0.0.7", "Port": 1002}
                """.formatted(name, name));

        final AggregatedHttpResponse services = get("/v1/catalog/services");
        assertThat(services.status()).isEqualTo(HttpStatus.OK);
        assertThat(services.contentType().isJson()).isTrue();
        final List<String> tags = new ArrayList<>();
        json(services).get(name).forEach(t -> tags.add(t.asText()));
        assertThat(tags).containsExactlyInAnyOrder("blue", "green");

        final JsonNode instances = json(get("/v1/catalog/service/" + name));
        assertThat(instances).hasSize(2);
        final JsonNode first = instances.get(0).get("ServiceID").asText().endsWith("-1") ? instances.get(0)
                                                                                          : instances.get(1);
        assertThat(first.get("ServiceName").asText()).isEqualTo(name);
        assertThat(first.get("ServicePort").asInt()).isEqualTo(1001);
        assertThat(first.get("ServiceAddress").asText()).isEmpty(); // clients fall back to Address
        assertThat(first.get("Address").asText()).isNotEmpty();
        assertThat(first.at("/ServiceMeta/weft-protocol").asText()).isEqualTo("grpc");
        assertThat(json(get("/v1/agent/services")).has(name + "-1")).isTrue();

        deregister(name + "-1");
        deregister(name + "-2");
        assertThat(json(get("/v1/catalog/services")).has(name)).isFalse();
    }

    @Test
    void blockingQueryReturnsOnChangeWithAHigherIndex() {
        final String name = unique("block");
        register(name + "-1", name, 9001, "{\"TTL\": \"60s\", \"Status\": \"passing\"}");
        final AggregatedHttpResponse first = get("/v1/health/service/" + name + "?passing");
        final long index = index(first);

        final CompletableFuture<AggregatedHttpResponse> pending =
                http.getAsync("/v1/health/service/" + name + "?passing&index=" + index + "&wait=30s");
        assertThat(pending).isNotDone();

        register(name + "-2", name, 9002, "{\"TTL\": \"60s\", \"Status\": \"passing\"}");
        await().atMost(Duration.ofSeconds(15)).until(pending::isDone);
        final AggregatedHttpResponse changed = pending.join();
        assertThat(index(changed)).isGreaterThan(index);
        assertThat(json(changed)).hasSize(2);

        // A check flip is a change to the same query, too.
        final CompletableFuture<AggregatedHttpResponse> pending2 =
                http.getAsync("/v1/health/service/" + name + "?passing&index=" + index(changed) + "&wait=30s");
        put("/v1/agent/check/fail/service:" + name + "-2", "");
        await().atMost(Duration.ofSeconds(15)).until(pending2::isDone);
        assertThat(index(pending2.join())).isGreaterThan(index(changed));
        assertThat(json(pending2.join())).hasSize(1);
        deregister(name + "-1");
        deregister(name + "-2");
    }

    @Test
    void blockingQueryTimesOutWithTheSameIndex() {
        final String name = unique("idle");
        register(name + "-1", name, 9001, "{\"TTL\": \"60s\", \"Status\": \"passing\"}");
        final AggregatedHttpResponse first = get("/v1/health/service/" + name);
        final AggregatedHttpResponse again =
                get("/v1/health/service/" + name + "?index=" + index(first) + "&wait=1s");
        assertThat(again.status()).isEqualTo(HttpStatus.OK);
        assertThat(index(again)).isEqualTo(index(first));
        // Same content (Consul may serve the blocking read from its streaming backend, so compare
        // what matters rather than every byte).
        assertThat(json(again)).hasSize(1);
        assertThat(json(again).get(0).at("/Service/ID").asText()).isEqualTo(name + "-1");

        final AggregatedHttpResponse services = get("/v1/catalog/services");
        final AggregatedHttpResponse servicesAgain =
                get("/v1/catalog/services?index=" + index(services) + "&wait=1s");
        assertThat(index(servicesAgain)).isGreaterThanOrEqualTo(index(services));
        deregister(name + "-1");
    }

    @Test
    void indexIsAtLeastOneAndOnlyMovesForward() {
        final String name = unique("index");
        final AggregatedHttpResponse unknown = get("/v1/health/service/" + name);
        assertThat(unknown.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(unknown)).isEmpty();
        assertThat(index(unknown)).isGreaterThanOrEqualTo(1);
        assertThat(unknown.headers().get("X-Consul-KnownLeader")).isEqualTo("true");
        assertThat(unknown.headers().get("X-Consul-LastContact")).isNotNull();

        long healthIndex = index(unknown);
        long servicesIndex = index(get("/v1/catalog/services"));
        assertThat(servicesIndex).isGreaterThanOrEqualTo(1);

        register(name + "-1", name, 9001, "{\"TTL\": \"60s\"}");
        healthIndex = assertAdvanced(healthIndex, get("/v1/health/service/" + name));
        servicesIndex = assertAdvanced(servicesIndex, get("/v1/catalog/services"));

        put("/v1/agent/check/pass/service:" + name + "-1", "");
        healthIndex = assertAdvanced(healthIndex, get("/v1/health/service/" + name));

        deregister(name + "-1");
        assertAdvanced(healthIndex, get("/v1/health/service/" + name));
        assertAdvanced(servicesIndex, get("/v1/catalog/services"));
    }

    @Test
    void deregisterRemovesTheInstanceAndItsChecks() {
        final String name = unique("gone");
        register(name + "-1", name, 9001, "{\"TTL\": \"60s\", \"Status\": \"passing\"}");
        assertThat(health(name)).hasSize(1);

        assertThat(put("/v1/agent/service/deregister/" + name + "-1", "").status()).isEqualTo(HttpStatus.OK);
        assertThat(health(name)).isEmpty();
        assertThat(json(get("/v1/catalog/service/" + name))).isEmpty();
        assertThat(json(get("/v1/agent/services")).has(name + "-1")).isFalse();
        assertThat(json(get("/v1/agent/checks")).has("service:" + name + "-1")).isFalse();

        final AggregatedHttpResponse again = put("/v1/agent/service/deregister/" + name + "-1", "");
        assertThat(again.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(again.contentUtf8()).contains("Unknown service ID");
    }

    @Test
    void intentionsByNameWithConsulsPrecedence() {
        final String dst = unique("db");
        final String src = unique("web");
        assertThat(put("/v1/connect/intentions/exact?source=" + src + "&destination=" + dst,
                       "{\"Action\": \"allow\", \"Description\": \"web may call db\"}").contentUtf8())
                .isEqualTo("true");
        put("/v1/connect/intentions/exact?source=*&destination=" + dst, "{\"Action\": \"deny\"}");
        put("/v1/connect/intentions/exact?source=" + src + "&destination=*", "{\"Action\": \"deny\"}");

        final AggregatedHttpResponse list = get("/v1/connect/intentions");
        assertThat(index(list)).isGreaterThanOrEqualTo(1);
        final List<JsonNode> mine = new ArrayList<>();
        json(list).forEach(i -> {
            if (i.get("DestinationName").asText().equals(dst) || i.get("SourceName").asText().equals(src)) {
                mine.add(i);
            }
        });
        assertThat(mine).hasSize(3);
        // Evaluation order: highest precedence first.
        assertThat(mine.stream().map(i -> i.get("Precedence").asInt())).containsExactly(9, 8, 6);
        assertThat(mine.get(0).get("SourceName").asText()).isEqualTo(src);
        assertThat(mine.get(0).get("Action").asText()).isEqualTo("allow");
        assertThat(mine.get(0).get("SourceType").asText()).isEqualTo("consul");
        assertThat(mine.get(0).get("Description").asText()).isEqualTo("web may call db");

        final AggregatedHttpResponse exact =
                get("/v1/connect/intentions/exact?source=" + src + "&destination=" + dst);
        assertThat(json(exact).get("Action").asText()).isEqualTo("allow");
        assertThat(json(exact).get("Precedence").asInt()).isEqualTo(9);

        // Upsert replaces; a blocking list query sees it.
        final CompletableFuture<AggregatedHttpResponse> pending =
                http.getAsync("/v1/connect/intentions?index=" + index(list) + "&wait=30s");
        put("/v1/connect/intentions/exact?source=" + src + "&destination=" + dst, "{\"Action\": \"deny\"}");
        await().atMost(Duration.ofSeconds(15)).until(pending::isDone);
        assertThat(index(pending.join())).isGreaterThan(index(list));
        assertThat(json(get("/v1/connect/intentions/exact?source=" + src + "&destination=" + dst))
                           .get("Action").asText()).isEqualTo("deny");

        assertThat(delete("/v1/connect/intentions/exact?source=" + src + "&destination=" + dst).status())
                .isEqualTo(HttpStatus.OK);
        delete("/v1/connect/intentions/exact?source=*&destination=" + dst);
        delete("/v1/connect/intentions/exact?source=" + src + "&destination=*");
        final AggregatedHttpResponse missing =
                get("/v1/connect/intentions/exact?source=" + src + "&destination=" + dst);
        assertThat(missing.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.contentUtf8()).contains("Intention not found");
    }

    @Test
    void badRequestsGetConsulsErrors() {
        final AggregatedHttpResponse badType = put("/v1/agent/service/register", "{\"Name\": 5}");
        assertThat(badType.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badType.contentUtf8()).startsWith("Request decode failed:");

        final AggregatedHttpResponse badJson = put("/v1/agent/service/register", "{\"Name\": ");
        assertThat(badJson.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badJson.contentUtf8()).startsWith("Request decode failed:");

        final AggregatedHttpResponse noName = put("/v1/agent/service/register", "{\"Port\": 80}");
        assertThat(noName.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noName.contentUtf8()).isEqualTo("Missing service name");

        final AggregatedHttpResponse noInterval = put("/v1/agent/service/register",
                                                      "{\"Name\": \"x\", \"Check\": {\"HTTP\": \"http://x\"}}");
        assertThat(noInterval.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noInterval.contentUtf8()).startsWith("Invalid check:");

        final AggregatedHttpResponse unknownService = put("/v1/agent/service/deregister/" + unique("nope"), "");
        assertThat(unknownService.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknownService.contentUtf8()).startsWith("Unknown service ID \"nope-");

        final AggregatedHttpResponse unknownCheck = put("/v1/agent/check/pass/" + unique("nope"), "");
        assertThat(unknownCheck.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknownCheck.contentUtf8()).startsWith("Unknown check ID");

        assertThat(get("/v1/catalog/services?wait=soon").status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(get("/v1/catalog/services?index=abc").status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void consulApiClientWorksAgainstIt() {
        final ConsulClient client = new ConsulClient(consulUri().getHost(), consulUri().getPort());
        final String name = unique("capi");
        final NewService service = new NewService();
        service.setId(name + "-1");
        service.setName(name);
        service.setPort(21000);
        service.setAddress("127.0.0.1");
        service.setTags(List.of("mesh"));
        service.setMeta(Map.of("weft-protocol", "grpc"));
        final NewService.Check check = new NewService.Check();
        check.setTtl("60s");
        check.setStatus("passing");
        service.setCheck(check);
        client.agentServiceRegister(service);

        final Response<List<HealthService>> healthy = client.getHealthServices(
                name, HealthServicesRequest.newBuilder().setPassing(true).setQueryParams(QueryParams.DEFAULT).build());
        assertThat(healthy.getConsulIndex()).isGreaterThanOrEqualTo(1L);
        assertThat(healthy.isConsulKnownLeader()).isTrue();
        assertThat(healthy.getValue()).hasSize(1);
        final HealthService entry = healthy.getValue().get(0);
        assertThat(entry.getService().getId()).isEqualTo(name + "-1");
        assertThat(entry.getService().getPort()).isEqualTo(21000);
        assertThat(entry.getService().getMeta()).containsEntry("weft-protocol", "grpc");
        assertThat(entry.getNode().getAddress()).isNotEmpty();
        assertThat(entry.getChecks()).anyMatch(c -> c.getCheckId().equals("service:" + name + "-1"));

        // A blocking call through consul-api times out with the same index.
        final Response<List<HealthService>> idle = client.getHealthServices(
                name, HealthServicesRequest.newBuilder().setPassing(true)
                                           .setQueryParams(new QueryParams(1, healthy.getConsulIndex())).build());
        assertThat(idle.getConsulIndex()).isEqualTo(healthy.getConsulIndex());

        client.agentCheckFail("service:" + name + "-1");
        assertThat(client.getHealthServices(name, HealthServicesRequest.newBuilder().setPassing(true).build())
                         .getValue()).isEmpty();

        assertThat(client.getCatalogServices(CatalogServicesRequest.newBuilder().build()).getValue())
                .containsKey(name);
        client.agentServiceDeregister(name + "-1");
        assertThat(client.getHealthServices(name, HealthServicesRequest.newBuilder().build()).getValue()).isEmpty();
    }

    @Test
    void configEntriesRoundTripWithCasAndBlockingQueries() {
        final String name = unique("cfg");
        assertThat(json(put("/v1/config", """
                {"Kind": "service-defaults", "Name": "%s", "Protocol": "http"}""".formatted(name))).asBoolean())
                .isTrue();
        final AggregatedHttpResponse read = get("/v1/config/service-defaults/" + name);
        final JsonNode entry = json(read);
        assertThat(entry.get("Kind").asText()).isEqualTo("service-defaults");
        assertThat(entry.get("Name").asText()).isEqualTo(name);
        assertThat(entry.get("Protocol").asText()).isEqualTo("http");
        final long modifyIndex = entry.get("ModifyIndex").asLong();
        assertThat(entry.get("CreateIndex").asLong()).isEqualTo(modifyIndex);
        assertThat(index(read)).isGreaterThanOrEqualTo(modifyIndex);
        assertThat(json(get("/v1/config/service-defaults")).findValuesAsText("Name")).contains(name);

        // A blocking read wakes on the next write to the entry.
        final CompletableFuture<AggregatedHttpResponse> parked =
                http.getAsync("/v1/config/service-defaults/" + name + "?index=" + index(read) + "&wait=30s");
        // ?cas: a stale index loses, the current one wins, 0 only creates.
        assertThat(json(put("/v1/config?cas=" + (modifyIndex - 1), """
                {"Kind": "service-defaults", "Name": "%s", "Protocol": "grpc"}""".formatted(name))).asBoolean())
                .isFalse();
        assertThat(json(put("/v1/config?cas=0", """
                {"Kind": "service-defaults", "Name": "%s", "Protocol": "grpc"}""".formatted(name))).asBoolean())
                .isFalse();
        assertThat(json(put("/v1/config?cas=" + modifyIndex, """
                {"Kind": "service-defaults", "Name": "%s", "Protocol": "grpc"}""".formatted(name))).asBoolean())
                .isTrue();
        final AggregatedHttpResponse woke = parked.join();
        assertThat(json(woke).get("Protocol").asText()).isEqualTo("grpc");
        assertThat(json(woke).get("ModifyIndex").asLong()).isGreaterThan(modifyIndex);
        assertThat(json(woke).get("CreateIndex").asLong()).isEqualTo(modifyIndex);

        final long current = json(woke).get("ModifyIndex").asLong();
        assertThat(json(delete("/v1/config/service-defaults/" + name + "?cas=" + modifyIndex)).asBoolean()).isFalse();
        assertThat(json(delete("/v1/config/service-defaults/" + name + "?cas=" + current)).asBoolean()).isTrue();
        final AggregatedHttpResponse missing = get("/v1/config/service-defaults/" + name);
        assertThat(missing.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.contentUtf8())
                .isEqualTo("Config entry not found for \"service-defaults\" / \"" + name + '"');
        assertThat(index(missing)).isGreaterThan(current);
        assertThat(json(delete("/v1/config/service-defaults/" + name)).isObject()).isTrue();
    }

    @Test
    void configEntriesAreValidatedAsConsulDoes() {
        final String web = unique("split");
        final String b = unique("split-b");
        final String c = unique("split-c");
        assertConsulError(put("/v1/config", "{\"Kind\": \"nope\", \"Name\": \"x\"}"), 400,
                          "Request decoding failed: invalid config entry kind: nope");
        assertConsulError(put("/v1/config", "{\"Name\": \"x\"}"), 400,
                          "Request decoding failed: Payload does not contain a kind/Kind key at the top level");
        assertConsulError(put("/v1/config", """
                {"Kind": "service-splitter", "Name": "%s", "Splits": [{"Weight": 90}]}""".formatted(web)), 500,
                          "the sum of all split weights must be 100, not 90.000000");
        assertConsulError(put("/v1/config", "{\"Kind\": \"service-router\"}"), 500, "Name is required");
        assertConsulError(put("/v1/config", "{\"Kind\": \"proxy-defaults\", \"Name\": \"other\"}"), 500,
                          "invalid name (\"other\"), only \"global\" is supported");
        // a hash policy's CookieConfig: only on a cookie, and a session cookie has no TTL
        assertConsulError(put("/v1/config", """
                {"Kind": "service-resolver", "Name": "%s", "LoadBalancer": {"Policy": "maglev", "HashPolicies": [
                 {"Field": "header", "FieldValue": "x-user", "CookieConfig": {"TTL": "10s"}}]}}""".formatted(web)), 500,
                          "Bad LoadBalancer HashPolicy[0]: cookie_config provided for \"header\"");
        assertConsulError(put("/v1/config", """
                {"Kind": "service-resolver", "Name": "%s", "LoadBalancer": {"Policy": "maglev", "HashPolicies": [
                 {"Field": "cookie", "FieldValue": "route", "CookieConfig": {"Session": true, "TTL": "10s"}}]}}
                """.formatted(web)), 500, "Bad LoadBalancer HashPolicy[0]: a session cookie cannot have an associated TTL");
        // A splitter needs an L7 protocol: tcp is the default.
        final String chainError = "discovery chain \"" + web + "\" uses a protocol \"tcp\" that does not " +
                                  "permit advanced routing or splitting behavior";
        assertConsulError(put("/v1/config", """
                {"Kind": "service-splitter", "Name": "%s", "Splits": [{"Weight": 100}]}""".formatted(web)), 500,
                          chainError);

        for (String s : List.of(web, b, c)) {
            assertThat(json(put("/v1/config", """
                    {"Kind": "service-defaults", "Name": "%s", "Protocol": "http"}""".formatted(s))).asBoolean())
                    .isTrue();
        }
        // Weights to two decimals, as Consul allows.
        assertThat(json(put("/v1/config", """
                {"Kind": "service-splitter", "Name": "%s",
                 "Splits": [{"Weight": 33.33}, {"Weight": 33.33, "Service": "%s"}, {"Weight": 33.34, "Service": "%s"}]}
                """.formatted(web, b, c))).asBoolean()).isTrue();
        assertThat(json(get("/v1/config/service-splitter/" + web)).at("/Splits/2/Weight").asDouble()).isEqualTo(33.34);
        // The chain check also guards a write that would break an existing splitter.
        assertConsulError(put("/v1/config", """
                {"Kind": "service-defaults", "Name": "%s", "Protocol": "tcp"}""".formatted(web)), 500, chainError);
        assertConsulError(delete("/v1/config/service-defaults/" + web), 500, chainError);

        json(delete("/v1/config/service-splitter/" + web));
        for (String s : List.of(web, b, c)) {
            json(delete("/v1/config/service-defaults/" + s));
        }
    }

    @Test
    void l7IntentionsNeedAnHttpLikeDestination() {
        final String api = unique("l7-api");
        final String caller = unique("l7-caller");
        final String l7 = """
                {"Kind": "service-intentions", "Name": "%s",
                 "Sources": [{"Name": "%s", "Permissions": [{"Action": "deny", "HTTP": {"PathPrefix": "/admin"}}]}]}
                """.formatted(api, caller);
        final String error = "service \"" + api + "\" has protocol \"tcp\", which is incompatible with L7 " +
                             "intentions permissions";
        // tcp is the default protocol: no L7 permissions on it, but an L4 intention is fine
        assertConsulError(put("/v1/config", l7), 500, error);
        assertThat(json(put("/v1/config", """
                {"Kind": "service-intentions", "Name": "%s", "Sources": [{"Name": "%s", "Action": "allow"}]}
                """.formatted(api, caller))).asBoolean()).isTrue();

        assertThat(json(put("/v1/config", """
                {"Kind": "service-defaults", "Name": "%s", "Protocol": "http"}""".formatted(api))).asBoolean())
                .isTrue();
        assertThat(json(put("/v1/config", l7)).asBoolean()).isTrue();
        // the check also guards a write that would take the protocol away from existing permissions
        assertConsulError(put("/v1/config", """
                {"Kind": "service-defaults", "Name": "%s", "Protocol": "tcp"}""".formatted(api)), 500, error);
        assertConsulError(delete("/v1/config/service-defaults/" + api), 500, error);

        assertThat(json(delete("/v1/config/service-intentions/" + api)).isObject()).isTrue();
        assertThat(json(delete("/v1/config/service-defaults/" + api)).isObject()).isTrue();
    }

    @Test
    void intentionsAndServiceIntentionsAreOneStore() {
        final String caller = unique("caller");
        final String db = unique("db");
        final String api = unique("api");
        assertThat(json(put("/v1/connect/intentions/exact?source=" + caller + "&destination=" + db,
                            "{\"Action\": \"deny\", \"Description\": \"no\"}")).asBoolean()).isTrue();
        final JsonNode entry = json(get("/v1/config/service-intentions/" + db));
        assertThat(entry.get("Kind").asText()).isEqualTo("service-intentions");
        assertThat(entry.at("/Sources/0/Name").asText()).isEqualTo(caller);
        assertThat(entry.at("/Sources/0/Action").asText()).isEqualTo("deny");
        assertThat(entry.at("/Sources/0/Description").asText()).isEqualTo("no");
        assertThat(entry.at("/Sources/0/Precedence").asInt()).isEqualTo(9);

        assertThat(json(put("/v1/config", """
                {"Kind": "service-intentions", "Name": "%s",
                 "Sources": [{"Name": "%s", "Action": "allow"}, {"Name": "*", "Action": "deny"}]}
                """.formatted(api, caller))).asBoolean()).isTrue();
        final JsonNode exact = json(get("/v1/connect/intentions/exact?source=" + caller + "&destination=" + api));
        assertThat(exact.get("Action").asText()).isEqualTo("allow");
        assertThat(exact.get("SourceName").asText()).isEqualTo(caller);
        assertThat(exact.get("DestinationName").asText()).isEqualTo(api);
        assertThat(exact.get("Precedence").asInt()).isEqualTo(9);
        final List<String> listed = new ArrayList<>();
        json(get("/v1/connect/intentions")).forEach(i -> listed.add(i.get("SourceName").asText() + "->" +
                                                                    i.get("DestinationName").asText()));
        assertThat(listed).contains(caller + "->" + db, caller + "->" + api, "*->" + api);

        // Deleting through the legacy API edits the entry; the last source takes the entry with it.
        json(delete("/v1/connect/intentions/exact?source=" + caller + "&destination=" + api));
        assertThat(json(get("/v1/config/service-intentions/" + api)).get("Sources")).hasSize(1);
        json(delete("/v1/connect/intentions/exact?source=" + caller + "&destination=" + db));
        assertThat(get("/v1/config/service-intentions/" + db).status()).isEqualTo(HttpStatus.NOT_FOUND);
        json(delete("/v1/config/service-intentions/" + api));
        assertThat(get("/v1/connect/intentions/exact?source=*&destination=" + api).status())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void kvStoresValuesWithCasFlagsAndBlockingQueries() {
        final String prefix = unique("weft-test") + '/';
        final AggregatedHttpResponse absent = get("/v1/kv/" + prefix + "a");
        assertThat(absent.status()).isEqualTo(HttpStatus.NOT_FOUND);
        final long before = index(absent);
        final CompletableFuture<AggregatedHttpResponse> parked =
                http.getAsync("/v1/kv/" + prefix + "a?index=" + before + "&wait=30s");

        assertThat(json(put("/v1/kv/" + prefix + "a", "hello")).asBoolean()).isTrue();
        final JsonNode created = json(parked.join()).get(0);
        assertThat(created.get("Key").asText()).isEqualTo(prefix + "a");
        assertThat(created.get("Value").asText()).isEqualTo(Base64.getEncoder().encodeToString("hello".getBytes()));
        assertThat(created.get("Flags").asLong()).isZero();
        final long modifyIndex = created.get("ModifyIndex").asLong();
        assertThat(get("/v1/kv/" + prefix + "a?raw").contentUtf8()).isEqualTo("hello");

        assertThat(json(put("/v1/kv/" + prefix + "a?cas=0", "again")).asBoolean()).isFalse();
        assertThat(json(put("/v1/kv/" + prefix + "a?cas=" + (modifyIndex + 1000), "again")).asBoolean()).isFalse();
        assertThat(json(put("/v1/kv/" + prefix + "a?cas=" + modifyIndex + "&flags=42", "again")).asBoolean()).isTrue();
        final JsonNode updated = json(get("/v1/kv/" + prefix + "a")).get(0);
        assertThat(updated.get("Flags").asLong()).isEqualTo(42);
        assertThat(updated.get("CreateIndex").asLong()).isEqualTo(modifyIndex);

        json(put("/v1/kv/" + prefix + "dir/b", "1"));
        json(put("/v1/kv/" + prefix + "dir/c", "2"));
        assertThat(json(get("/v1/kv/" + prefix + "?keys&separator=/")).toString())
                .isEqualTo("[\"" + prefix + "a\",\"" + prefix + "dir/\"]");
        assertThat(json(get("/v1/kv/" + prefix + "?recurse")).findValuesAsText("Key"))
                .containsExactly(prefix + "a", prefix + "dir/b", prefix + "dir/c");

        assertThat(json(delete("/v1/kv/" + prefix + "a?cas=" + modifyIndex)).asBoolean()).isFalse();
        assertThat(json(delete("/v1/kv/" + prefix + "?recurse")).asBoolean()).isTrue();
        final AggregatedHttpResponse gone = get("/v1/kv/" + prefix + "?recurse");
        assertThat(gone.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(index(gone)).isGreaterThan(modifyIndex);
    }

    @Test
    void filterSelectsInstancesByMetaAndTags() {
        final String name = unique("filtered");
        http.register("""
                {"ID": "%s-1", "Name": "%s", "Tags": ["primary"], "Meta": {"version": "v1"}, "Port": 9001}
                """.formatted(name, name));
        http.register("""
                {"ID": "%s-2", "Name": "%s", "Tags": ["canary"], "Meta": {"version": "v2"}, "Port": 9002}
                """.formatted(name, name));
        assertThat(serviceIds(json(get("/v1/health/service/" + name + "?filter=" +
                                       enc("Service.Meta.version == v2")))))
                .containsExactly(name + "-2");
        assertThat(serviceIds(json(get("/v1/health/service/" + name + "?filter=" +
                                       enc("\"canary\" in Service.Tags or Service.Port == 9001")))))
                .containsExactlyInAnyOrder(name + "-1", name + "-2");
        assertThat(json(get("/v1/catalog/service/" + name + "?filter=" +
                            enc("ServiceMeta.version != v2 and not (ServiceTags contains canary)")))
                           .findValuesAsText("ServiceID")).containsExactly(name + "-1");
        assertThat(json(get("/v1/agent/services?filter=" + enc("Service == \"" + name + "\" and Port == 9002")))
                           .fieldNames()).toIterable().containsExactly(name + "-2");
        final AggregatedHttpResponse bad = get("/v1/health/service/" + name + "?filter=" + enc("Service.Meta.version ="));
        assertThat(bad.status().isSuccess()).isFalse();
        assertThat(bad.contentUtf8()).contains("Failed to create boolean expression evaluator");
        deregister(name + "-1");
        deregister(name + "-2");
    }

    @Test
    void agentEndpointsNeverBlockAndAConnectProxyKeepsItsKindAndProxy() {
        final String name = unique("proxied");
        http.register("""
                {"Kind": "connect-proxy", "ID": "%s-sidecar", "Name": "%s-sidecar", "Port": 21000,
                 "Proxy": {"DestinationServiceName": "%s", "LocalServicePort": 8080}}
                """.formatted(name, name, name));
        final JsonNode agent = json(get("/v1/agent/service/" + name + "-sidecar"));
        assertThat(agent.get("Kind").asText()).isEqualTo("connect-proxy");
        assertThat(agent.at("/Proxy/DestinationServiceName").asText()).isEqualTo(name);
        final JsonNode health = json(get("/v1/health/service/" + name + "-sidecar")).get(0);
        assertThat(health.at("/Service/Kind").asText()).isEqualTo("connect-proxy");
        assertThat(health.at("/Service/Proxy/LocalServicePort").asInt()).isEqualTo(8080);
        assertThat(json(get("/v1/catalog/service/" + name + "-sidecar")).get(0).get("ServiceKind").asText())
                .isEqualTo("connect-proxy");

        // ?index does not make /v1/agent/services wait: a client must not spin on it against real Consul.
        final CompletableFuture<AggregatedHttpResponse> services =
                http.getAsync("/v1/agent/services?index=" + Long.MAX_VALUE / 2 + "&wait=60s");
        await().atMost(Duration.ofSeconds(20)).until(services::isDone);
        assertThat(json(services.join()).has(name + "-sidecar")).isTrue();
        deregister(name + "-sidecar");
    }

    @Test
    void clusterEndpointsDescribeTheAgent() {
        final String dc = json(get("/v1/agent/self")).at("/Config/Datacenter").asText();
        assertThat(json(get("/v1/catalog/datacenters")).toString()).contains('"' + dc + '"');
        final JsonNode member = json(get("/v1/agent/members")).get(0);
        assertThat(member.get("Status").asInt()).isEqualTo(1);
        assertThat(member.get("Name").asText()).isEqualTo(json(get("/v1/agent/self")).at("/Config/NodeName").asText());
        final JsonNode roots = json(get("/v1/connect/ca/roots"));
        assertThat(roots.get("TrustDomain").asText()).endsWith(".consul");
        assertThat(roots.get("Roots").isArray()).isTrue();
        assertThat(json(get("/v1/health/state/any")).findValuesAsText("CheckID")).contains("serfHealth");
        assertConsulError(get("/v1/health/service/x?stale&consistent"), 400,
                          "Cannot specify ?stale with ?consistent, conflicting semantics.");

        final String node = json(get("/v1/agent/self")).at("/Config/NodeName").asText();
        final String name = unique("cataloged");
        assertThat(json(put("/v1/catalog/register", """
                {"Node": "%s", "Address": "127.0.0.1",
                 "Service": {"ID": "%s-1", "Service": "%s", "Port": 7000, "Meta": {"version": "v3"}}}
                """.formatted(node, name, name))).asBoolean()).isTrue();
        final JsonNode registered = json(get("/v1/catalog/service/" + name)).get(0);
        assertThat(registered.get("ServicePort").asInt()).isEqualTo(7000);
        assertThat(registered.at("/ServiceMeta/version").asText()).isEqualTo("v3");
        assertThat(json(put("/v1/catalog/deregister", """
                {"Node": "%s", "ServiceID": "%s-1"}""".formatted(node, name))).asBoolean()).isTrue();
        assertThat(json(get("/v1/catalog/service/" + name))).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------

    static String unique(String prefix) {
        return prefix + '-' + UUID.randomUUID().toString().substring(0, 8);
    }

    void register(String id, String name, int port, String checkJson) {
        http.register("""
                {"ID": "%s", "Name": "%s", "Port": %d, "Check": %s}
                """.formatted(id, name, port, checkJson));
    }

    void deregister(String id) {
        assertThat(put("/v1/agent/service/deregister/" + id, "").status()).isEqualTo(HttpStatus.OK);
    }

    JsonNode health(String name) {
        return http.health(name);
    }

    JsonNode passing(String name) {
        return json(get("/v1/health/service/" + name + "?passing"));
    }

    static JsonNode check(JsonNode entry, String checkId) {
        return ConsulHttp.check(entry, checkId);
    }

    static List<String> checkIds(JsonNode entry) {
        return ConsulHttp.checkIds(entry);
    }

    AggregatedHttpResponse get(String pathAndQuery) {
        return http.get(pathAndQuery);
    }

    AggregatedHttpResponse put(String path, String body) {
        return http.put(path, body);
    }

    AggregatedHttpResponse delete(String path) {
        return http.delete(path);
    }

    static long index(AggregatedHttpResponse res) {
        return ConsulHttp.index(res);
    }

    /** The Service.ID of each /v1/health/service entry. */
    static List<String> serviceIds(JsonNode entries) {
        final List<String> ids = new ArrayList<>();
        entries.forEach(e -> ids.add(e.at("/Service/ID").asText()));
        return ids;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void assertConsulError(AggregatedHttpResponse res, int status, String body) {
        assertThat(res.status().code()).as(res.contentUtf8()).isEqualTo(status);
        assertThat(res.contentUtf8().strip()).isEqualTo(body);
    }

    static JsonNode json(AggregatedHttpResponse res) {
        return ConsulHttp.json(res);
    }

    private static long assertAdvanced(long previous, AggregatedHttpResponse res) {
        final long now = index(res);
        assertThat(now).isGreaterThan(previous);
        return now;
    }
}
