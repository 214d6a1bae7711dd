package io.weft.bench.consul;

import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

/**
 * Registers and deregisters mesh instances through Consul's agent API ({@code PUT
 * /v1/agent/service/register}, {@code PUT /v1/agent/service/deregister/<id>}), as a sidecar does. Blocking:
 * call it from benchmark threads only.
 */
public final class ConsulAgent {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BlockingWebClient client;

    public ConsulAgent(URI consul) {
        client = WebClient.builder(consul).responseTimeout(Duration.ofSeconds(10)).build().blocking();
    }

    /** A passing instance (no checks) with {@code Meta.weft-protocol = grpc}. */
    public void register(String id, String service, String address, int port) {
        final ObjectNode body = MAPPER.createObjectNode();
        body.put("ID", id).put("Name", service).put("Address", address).put("Port", port);
        body.putObject("Meta").put("weft-protocol", "grpc");
        check("register " + id, client.prepare().put("/v1/agent/service/register")
                                      .content(MediaType.JSON, body.toString()).execute());
    }

    public void deregister(String id) {
        check("deregister " + id, client.prepare().put("/v1/agent/service/deregister/" + id).execute());
    }

    private static void check(String what, AggregatedHttpResponse response) {
        if (response.status().code() != 200) {
            throw new IllegalStateException("Consul " + what + ": HTTP " + response.status() + ' ' +
                                            response.contentUtf8());
        }
    }
}
