package io.weft.devmesh.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

/**
 * Raw HTTP access to a Consul API (stand-in or real) for tests, plus readers for Consul's JSON and
 * headers. Calls block the test thread, never an event loop.
 */
final class ConsulHttp {
    private static final ObjectMapper mapper = new ObjectMapper();

    private final WebClient http;

    ConsulHttp(URI consul) {
        http = WebClient.builder(consul).responseTimeout(Duration.ofSeconds(60)).build();
    }

    AggregatedHttpResponse get(String pathAndQuery) {
        return getAsync(pathAndQuery).join();
    }

    /** For blocking queries the test wants to watch complete. */
    CompletableFuture<AggregatedHttpResponse> getAsync(String pathAndQuery) {
        return http.get(pathAndQuery).aggregate();
    }

    AggregatedHttpResponse put(String path, String body) {
        return send(HttpMethod.PUT, path, body);
    }

    AggregatedHttpResponse post(String path, String body) {
        return send(HttpMethod.POST, path, body);
    }

    AggregatedHttpResponse delete(String path) {
        return http.execute(RequestHeaders.of(HttpMethod.DELETE, path)).aggregate().join();
    }

    private AggregatedHttpResponse send(HttpMethod method, String path, String body) {
        // RequestHeaders keeps ':' in paths such as /v1/agent/check/pass/service:web-1 literal.
        return http.execute(RequestHeaders.of(method, path, HttpHeaderNames.CONTENT_TYPE, MediaType.JSON), body)
                   .aggregate().join();
    }

    /** Registers through the agent API and asserts Consul accepted it. */
    void register(String body) {
        final AggregatedHttpResponse res = put("/v1/agent/service/register", body);
        assertThat(res.status()).as(res.contentUtf8()).isEqualTo(HttpStatus.OK);
    }

    JsonNode health(String service) {
        return json(get("/v1/health/service/" + service));
    }

    static long index(AggregatedHttpResponse res) {
        final String header = res.headers().get("X-Consul-Index");
        assertThat(header).as("X-Consul-Index").isNotNull();
        return Long.parseLong(header);
    }

    static JsonNode json(AggregatedHttpResponse res) {
        assertThat(res.status()).as(res.contentUtf8()).isEqualTo(HttpStatus.OK);
        try {
            return mapper.readTree(res.contentUtf8());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + res.contentUtf8(), e);
        }
    }

    /** One check of a {@code /v1/health/service} entry. */
    static JsonNode check(JsonNode entry, String checkId) {
        for (JsonNode c : entry.get("Checks")) {
            if (c.get("CheckID").asText().equals(checkId)) {
                return c;
            }
        }
        throw new AssertionError("no check " + checkId + " in " + entry);
    }

    static List<String> checkIds(JsonNode entry) {
        final List<String> ids = new ArrayList<>();
        entry.get("Checks").forEach(c -> ids.add(c.get("CheckID").asText()));
        return ids;
    }
}
