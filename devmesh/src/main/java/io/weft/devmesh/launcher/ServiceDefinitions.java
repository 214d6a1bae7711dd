package io.weft.devmesh.launcher;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a Consul service definition in either of Consul's spellings — the agent API's
 * ({@code {"Name": "echo", "Check": {"HTTP": ...}}}) or the config file's that
 * {@code consul services register} reads ({@code {"service": {"name": "echo", "check": {"http": ...}}}})
 * — into the agent API's body for {@code PUT /v1/agent/service/register}. Keys inside {@code Meta}
 * are the user's and are kept as written.
 */
final class ServiceDefinitions {

    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("id", "ID"), Map.entry("name", "Name"), Map.entry("tags", "Tags"),
            Map.entry("address", "Address"), Map.entry("port", "Port"), Map.entry("meta", "Meta"),
            Map.entry("kind", "Kind"), Map.entry("check", "Check"), Map.entry("checks", "Checks"),
            Map.entry("enable_tag_override", "EnableTagOverride"), Map.entry("weights", "Weights"),
            Map.entry("checkid", "CheckID"), Map.entry("check_id", "CheckID"), Map.entry("http", "HTTP"),
            Map.entry("tcp", "TCP"), Map.entry("grpc", "GRPC"), Map.entry("ttl", "TTL"),
            Map.entry("interval", "Interval"), Map.entry("timeout", "Timeout"), Map.entry("method", "Method"),
            Map.entry("header", "Header"), Map.entry("notes", "Notes"), Map.entry("status", "Status"),
            Map.entry("tls_skip_verify", "TLSSkipVerify"), Map.entry("grpc_use_tls", "GRPCUseTLS"),
            Map.entry("deregister_critical_service_after", "DeregisterCriticalServiceAfter"),
            Map.entry("deregistercriticalserviceafter", "DeregisterCriticalServiceAfter"),
            Map.entry("passing", "Passing"), Map.entry("warning", "Warning"));
    private static final Set<String> VERBATIM = Set.of("Meta", "Header");

    /** The agent API body, or IllegalArgumentException naming what is wrong. */
    static ObjectNode toAgentBody(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object (a Consul service definition)");
        }
        JsonNode service = root;
        if (root.size() == 1) {
            final String only = root.fieldNames().next();
            if (only.equalsIgnoreCase("service") && root.get(only).isObject()) {
                service = root.get(only);
            }
        }
        final ObjectNode body = (ObjectNode) normalize(service);
        if (!body.hasNonNull("Name") || body.get("Name").asText().isBlank()) {
            throw new IllegalArgumentException("missing \"Name\" (expected: a service definition with a name)");
        }
        if (body.has("Port") && !body.get("Port").canConvertToInt()) {
            throw new IllegalArgumentException("\"Port\": " + body.get("Port") + " (expected: a number)");
        }
        return body;
    }

    private static JsonNode normalize(JsonNode node) {
        if (node.isArray()) {
            final var array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(normalize(element)));
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        final ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> field = it.next();
            final String key = KEYS.getOrDefault(field.getKey().toLowerCase(Locale.ROOT), field.getKey());
            out.set(key, VERBATIM.contains(key) ? field.getValue() : normalize(field.getValue()));
        }
        return out;
    }

    private ServiceDefinitions() {}
}
