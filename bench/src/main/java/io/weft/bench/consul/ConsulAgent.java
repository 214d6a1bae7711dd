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
 * /v1/agent/service/register}, {@code PUT /v1/agent/service/deregister/<id>}), as a sidecar does, and writes
 * config entries ({@code /v1/config}) as {@code consul config write} does. Blocking:
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

    /** {@code PUT /v1/config} ({@code consul config write}) of one config entry, as JSON. */
    public void writeConfig(String entryJson) {
        check("config write", client.prepare().put("/v1/config").content(MediaType.JSON, entryJson).execute());
    }

    /** {@code DELETE /v1/config/<kind>/<name>}. */
    public void deleteConfig(String kind, String name) {
        check("config delete " + kind + '/' + name, client.delete("/v1/config/" + kind + '/' + name));
    }

    private static void check(String what, AggregatedHttpResponse response) {
        if (response.status().code() != 200) {
            throw new IllegalStateException("Consul " + what + ": HTTP " + response.status() + ' ' +
                                            response.contentUtf8());
        }
    }
}
