package io.weft.devmesh.launcher;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The control-plane replicas as {@code status} shows them: Consul's {@code GET /v1/health/service/
 * weft-control-plane}, one row per replica with its stream address, HTTP port and the state of its
 * {@code /readyz} check (sidecars use only the passing ones).
 */
final class ReplicaTable {
    static final String PATH = "/v1/health/service/weft-control-plane";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The table for Consul's health entries {@code json}. */
    static String render(String json) throws IOException {
        final Table replicas = new Table("REPLICA", "STREAM", "HTTP", "CHECK");
        for (JsonNode entry : JSON.readTree(json)) {
            final JsonNode service = entry.path("Service");
            String address = service.path("Address").asText("");
            if (address.isEmpty()) {
                address = entry.path("Node").path("Address").asText("-");
            }
            String check = "-";
            for (JsonNode c : entry.path("Checks")) {
                if (service.path("ID").asText().equals(c.path("ServiceID").asText())) {
                    check = c.path("Status").asText("-");
                }
            }
            replicas.row(service.path("ID").asText("-"), address + ':' + service.path("Port").asInt(),
                         service.path("Meta").path("weft-http-port").asText("-"), check);
        }
        return "Control-plane replicas (in Consul)\n"
               + (replicas.isEmpty() ? "  none registered\n" : replicas.render());
    }

    private ReplicaTable() {}
}
