package io.weft.sidecar.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;

/**
 * The passing {@code weft-control-plane} instances in Consul ({@code GET /v1/health/service/
 * weft-control-plane?passing}): each replica registers its stream port as the service port, and its
 * check on {@code /readyz} passes once it has a first snapshot. One non-blocking call per connect.
 */
final class ConsulReplicas implements ControlPlaneReplicas {
    static final String SERVICE = "weft-control-plane";
    static final String PATH = "/v1/health/service/" + SERVICE + "?passing";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI consulUri;
    private final WebClient consul;

    ConsulReplicas(URI consulUri, ClientFactory factory) {
        this.consulUri = consulUri;
        consul = WebClient.builder(consulUri).factory(factory).responseTimeout(TIMEOUT).build();
    }

    @Override
    public CompletableFuture<List<String>> addresses() {
        return consul.get(PATH).aggregate().thenApply(this::parse);
    }

    private List<String> parse(AggregatedHttpResponse response) {
        if (!response.status().equals(HttpStatus.OK)) {
            throw new IllegalStateException("GET " + consulUri.resolve(PATH) + ": Consul answered "
                                            + response.status() + " (expected: 200 OK)");
        }
        try {
            return addressesOf(JSON.readTree(response.contentUtf8()));
        } catch (Exception e) {
            throw new IllegalStateException("GET " + consulUri.resolve(PATH) + ": not a health entry list ("
                                            + e.getMessage() + ')', e);
        }
    }

    /** {@code host:port} of each entry: the service address, or the node's when the service has none. */
    static List<String> addressesOf(JsonNode entries) {
        final List<String> addresses = new ArrayList<>();
        for (JsonNode entry : entries) {
            final JsonNode service = entry.path("Service");
            String host = service.path("Address").asText("");
            if (host.isEmpty()) {
                host = entry.path("Node").path("Address").asText("");
            }
            final int port = service.path("Port").asInt(0);
            if (host.isEmpty() || port <= 0) {
                continue;
            }
            addresses.add((host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port);
        }
        return addresses;
    }

    @Override
    public String toString() {
        return "Consul " + consulUri + " (" + SERVICE + ")";
    }
}
