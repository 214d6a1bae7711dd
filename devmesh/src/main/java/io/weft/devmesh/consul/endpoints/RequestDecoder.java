package io.weft.devmesh.consul.endpoints;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.weft.devmesh.consul.catalog.CheckDefinition;
import io.weft.devmesh.consul.catalog.ConsulApiException;
import io.weft.devmesh.consul.catalog.HealthStatus;
import io.weft.devmesh.consul.catalog.ServiceRegistration;
import io.weft.devmesh.consul.endpoints.JsonFields.DecodeException;

/**
 * Turns request bodies into catalog inputs with Consul's validation order and messages:
 * decode errors → 400 "Request decode failed: ...", then "Missing service name", "Invalid service
 * address", "Invalid check: ...", "Status for checks must ...".
 */
final class RequestDecoder {

    /** Parses a JSON body; empty bodies fail with Go's "EOF", like Consul's decoder. */
    static JsonNode parse(String body) {
        if (body.isBlank()) {
            throw new DecodeException("EOF");
        }
        try {
            return ConsulJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new DecodeException(e.getOriginalMessage());
        }
    }

    static ServiceRegistration serviceRegistration(String body) {
        final JsonFields f;
        final List<CheckDefinition> checks = new ArrayList<>();
        final String name;
        final String id;
        final String address;
        final int weightPassing;
        final int weightWarning;
        final List<String> tags;
        final java.util.Map<String, String> meta;
        final int port;
        final boolean enableTagOverride;
        final String kind;
        final JsonNode proxy;
        try {
            f = new JsonFields(parse(body), "structs.ServiceDefinition");
            name = f.string("Name");
            id = f.string("ID");
            address = f.string("Address");
            tags = f.strings("Tags");
            meta = f.stringMap("Meta");
            port = f.integer("Port");
            enableTagOverride = f.bool("EnableTagOverride");
            kind = f.string("Kind");
            proxy = f.raw("Proxy");
            if (proxy != null && !proxy.isObject()) {
                throw new DecodeException("json: cannot unmarshal " + JsonFields.jsonType(proxy) +
                                          " into Go struct field ServiceDefinition.Proxy of type " +
                                          "structs.ConnectProxyConfig");
            }
            final JsonNode weights = f.raw("Weights");
            if (weights != null) {
                final JsonFields w = new JsonFields(weights, "structs.Weights");
                weightPassing = w.integer("Passing");
                weightWarning = w.integer("Warning");
            } else {
                weightPassing = 1;
                weightWarning = 1;
            }
            final JsonNode check = f.raw("Check");
            if (check != null && !(check.isObject() && check.isEmpty())) {
                checks.add(check(check));
            }
            final JsonNode list = f.raw("Checks");
            if (list != null) {
                if (!list.isArray()) {
                    throw new DecodeException("json: cannot unmarshal " + JsonFields.jsonType(list) +
                                              " into Go struct field ServiceDefinition.Checks of type " +
                                              "structs.CheckTypes");
                }
                for (JsonNode c : list) {
                    checks.add(check(c));
                }
            }
        } catch (DecodeException e) {
            throw ConsulApiException.badRequest("Request decode failed: " + e.getMessage());
        }
        if (name.isEmpty()) {
            throw ConsulApiException.badRequest("Missing service name");
        }
        if ("0.0.0.0".equals(address) || "::".equals(address) || "[::]".equals(address)) {
            throw ConsulApiException.badRequest("Invalid service address");
        }
        if (weightPassing <= 0 && weights(f)) {
            throw ConsulApiException.badRequest("Invalid Weights: Passing must be greater than 0");
        }
        for (CheckDefinition c : checks) {
            final String invalid = c.validate();
            if (invalid != null) {
                throw ConsulApiException.badRequest("Invalid check: " + invalid);
            }
            if (!c.status().isEmpty() && !HealthStatus.isValid(c.status())) {
                throw ConsulApiException.badRequest("Status for checks must 'passing', 'warning', 'critical'");
            }
        }
        return new ServiceRegistration(id.isEmpty() ? name : id, name, tags, address, meta, port,
                                       enableTagOverride, weightPassing, weightWarning, checks, kind,
                                       kind.isEmpty() ? null : proxy);
    }

    private static boolean weights(JsonFields f) {
        return f.has("Weights");
    }

    private static CheckDefinition check(JsonNode node) {
        final JsonFields c = new JsonFields(node, "structs.CheckType");
        for (String unsupported : new String[] { "Args", "ScriptArgs", "DockerContainerID", "H2PING", "UDP",
                                                 "OSService", "AliasService", "AliasNode" }) {
            if (c.has(unsupported)) {
                throw ConsulApiException.badRequest(
                        "Invalid check: the weft Consul stand-in runs HTTP, TCP, GRPC and TTL checks only (got " +
                        unsupported + ')');
            }
        }
        return new CheckDefinition(
                c.has("CheckID") ? c.string("CheckID") : c.string("ID"),
                c.string("Name"),
                c.string("Notes"),
                c.string("Status"),
                c.string("HTTP"),
                c.string("Method"),
                c.stringListMap("Header"),
                c.string("Body"),
                c.bool("TLSSkipVerify"),
                c.string("TCP"),
                c.string("GRPC"),
                c.bool("GRPCUseTLS"),
                c.duration("TTL"),
                c.duration("Interval"),
                c.duration("Timeout"),
                c.duration("DeregisterCriticalServiceAfter"));
    }

    /** {@code PUT /v1/agent/check/update/:id} body: {"Status": ..., "Output": ...}. */
    static String[] checkUpdate(String body) {
        final JsonFields f;
        try {
            f = new JsonFields(parse(body), "agent.checkUpdate");
            final String status = f.string("Status");
            if (!HealthStatus.isValid(status)) {
                throw ConsulApiException.badRequest("Invalid check status: '" + status + "'");
            }
            return new String[] { status, f.string("Output") };
        } catch (DecodeException e) {
            throw ConsulApiException.badRequest("Request decode failed: " + e.getMessage());
        }
    }

    /** An intention body, as PUT exact or the legacy POST send it. */
    record IntentionBody(String sourceName, String destinationName, String action, String description,
                         java.util.Map<String, String> meta) {}

    /**
     * Decodes an intention body. {@code legacy} selects Consul's message for the legacy POST,
     * which reports decode errors as "Failed to decode request body: ..." (a 500 in Consul).
     */
    static IntentionBody intention(String body, boolean legacy) {
        try {
            final JsonFields f = new JsonFields(parse(body), "structs.Intention");
            final java.util.Map<String, String> meta = f.stringMap("Meta");
            return new IntentionBody(f.string("SourceName"), f.string("DestinationName"), f.string("Action"),
                                     f.string("Description"), meta == null ? java.util.Map.of() : meta);
        } catch (DecodeException e) {
            if (legacy) {
                throw new ConsulApiException(500, "Failed to decode request body: " + e.getMessage());
            }
            throw ConsulApiException.badRequest("Request decode failed: " + e.getMessage());
        }
    }

    private RequestDecoder() {}
}
