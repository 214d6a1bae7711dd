package io.weft.integration.mesh;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;

/**
 * The Consul HTTP API calls the scenarios make, exactly as a Consul user would (paths and bodies from
 * Consul's API docs); the same calls work against the stand-in and a real Consul.
 */
public final class ConsulApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingWebClient client;

    public ConsulApiClient(URI consul) {
        client = WebClient.of(consul.toString()).blocking();
    }

    /**
     * {@code PUT /v1/agent/service/register}: a mesh instance, as `consul services register` would, with an
     * HTTP check on {@code check} every second; Consul routes to it once the check passes.
     */
    public void register(String id, String service, String address, int port, String protocol, URI check) {
        final Map<String, Object> body = Map.of("ID", id, "Name", service, "Address", address, "Port", port,
                                                "Meta", Map.of("weft-protocol", protocol),
                                                "Check", Map.of("HTTP", check.toString(), "Interval", "1s",
                                                                "Timeout", "1s"));
        expectOk(send(HttpMethod.PUT, "/v1/agent/service/register", json(body)), "register " + id);
    }

    /**
     * {@code PUT /v1/agent/service/register}: a mesh instance whose one check is a TTL check in {@code status}
     * ({@code passing}, {@code warning} or {@code critical}) until something reports on it.
     */
    public void registerWithTtlCheck(String id, String service, String address, int port, String protocol,
                                     String status) {
        final Map<String, Object> body = Map.of("ID", id, "Name", service, "Address", address, "Port", port,
                                                "Meta", Map.of("weft-protocol", protocol),
                                                "Check", Map.of("TTL", "10m", "Status", status));
        expectOk(send(HttpMethod.PUT, "/v1/agent/service/register", json(body)), "register " + id);
    }

    /** {@code GET /v1/health/service/:service?passing}: how many instances Consul hands out. */
    public int passingInstances(String service) throws JsonProcessingException {
        final AggregatedHttpResponse response = client.get("/v1/health/service/" + service + "?passing");
        expectOk(response, "health of " + service);
        return JSON.readTree(response.contentUtf8()).size();
    }

    /** {@code PUT /v1/agent/service/deregister/:id}. */
    public void deregister(String id) {
        expectOk(send(HttpMethod.PUT, "/v1/agent/service/deregister/" + id, ""), "deregister " + id);
    }

    /** {@code PUT /v1/connect/intentions/exact?source=&destination=} with {@code {"Action": action}}. */
    public void intention(String source, String destination, String action) {
        expectOk(send(HttpMethod.PUT, exact(source, destination), json(Map.of("Action", action))),
                 "intention " + source + " -> " + destination);
    }

    /** {@code DELETE /v1/connect/intentions/exact?source=&destination=}. */
    public void deleteIntention(String source, String destination) {
        expectOk(send(HttpMethod.DELETE, exact(source, destination), ""),
                 "delete intention " + source + " -> " + destination);
    }

    /** {@code PUT /v1/config} with a config entry in Consul's JSON ({@code consul config write}). */
    public void putConfig(String entryJson) {
        final AggregatedHttpResponse response = send(HttpMethod.PUT, "/v1/config", entryJson);
        expectOk(response, "config write " + entryJson);
        if (!"true".equals(response.contentUtf8().trim())) {
            throw new IllegalStateException("config write " + entryJson + ": Consul answered " + response.contentUtf8());
        }
    }

    /** {@code DELETE /v1/config/:kind/:name} ({@code consul config delete}). */
    public void deleteConfig(String kind, String name) {
        expectOk(send(HttpMethod.DELETE, "/v1/config/" + kind + '/' + name, ""), "config delete " + kind + '/' + name);
    }

    private static String exact(String source, String destination) {
        return "/v1/connect/intentions/exact?source=" + source + "&destination=" + destination;
    }

    private AggregatedHttpResponse send(HttpMethod method, String path, String body) {
        return client.prepare().method(method).path(path).content(MediaType.JSON_UTF_8, body).execute();
    }

    private static void expectOk(AggregatedHttpResponse response, String what) {
        if (response.status().code() != 200) {
            throw new IllegalStateException(what + ": Consul answered " + response.status() + ": "
                                            + response.contentUtf8());
        }
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
