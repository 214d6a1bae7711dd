package io.weft.devmesh.consul.endpoints;

import java.net.InetAddress;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.weft.common.annotation.Nullable;
import io.weft.common.consul.GoDuration;

import io.weft.devmesh.consul.catalog.CheckDefinition;
import io.weft.devmesh.consul.catalog.HealthCheck;
import io.weft.devmesh.consul.catalog.Intention;
import io.weft.devmesh.consul.catalog.NodeInfo;
import io.weft.devmesh.consul.catalog.ServiceInstance;

/**
 * Renders catalog records in the JSON shapes Consul 1.20 (CE) returns, field names and order as
 * Consul's {@code structs}/{@code api} types marshal them.
 */
final class ConsulJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** How Go marshals a zero {@code time.Time}. */
    static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    /** {@code api.AgentService} as in {@code /v1/agent/services}. */
    static ObjectNode agentService(ServiceInstance s, String datacenter) {
        final ObjectNode o = F.objectNode();
        if (!s.kind().isEmpty()) {
            o.put("Kind", s.kind());
        }
        o.put("ID", s.id());
        o.put("Service", s.name());
        o.set("Tags", strings(s.tags()));
        o.set("Meta", stringMap(s.meta() == null ? Map.of() : s.meta()));
        o.put("Port", s.port());
        o.put("Address", s.address());
        final ObjectNode tagged = serviceTaggedAddresses(s);
        if (tagged != null) {
            o.set("TaggedAddresses", tagged);
        }
        o.set("Weights", weights(s));
        o.put("EnableTagOverride", s.enableTagOverride());
        if (s.proxy() != null) {
            o.set("Proxy", proxy(s));
        }
        o.put("Datacenter", datacenter);
        return o;
    }

    /** {@code structs.Node}, as in {@code /v1/health/service} and {@code /v1/catalog/nodes}. */
    static ObjectNode node(NodeInfo node, long nodeIndex) {
        final ObjectNode o = nodeFields(node);
        o.set("Meta", nodeMeta());
        o.put("CreateIndex", nodeIndex);
        o.put("ModifyIndex", nodeIndex);
        return o;
    }

    /** {@code structs.NodeService}, as in {@code /v1/health/service}. */
    static ObjectNode nodeService(ServiceInstance s) {
        final ObjectNode o = F.objectNode();
        if (!s.kind().isEmpty()) {
            o.put("Kind", s.kind());
        }
        o.put("ID", s.id());
        o.put("Service", s.name());
        o.set("Tags", strings(s.tags()));
        o.put("Address", s.address());
        final ObjectNode tagged = serviceTaggedAddresses(s);
        if (tagged != null) {
            o.set("TaggedAddresses", tagged);
        }
        o.set("Meta", s.meta() == null ? F.nullNode() : stringMap(s.meta()));
        o.put("Port", s.port());
        o.set("Weights", weights(s));
        o.put("EnableTagOverride", s.enableTagOverride());
        o.set("Proxy", proxy(s));
        o.set("Connect", F.objectNode());
        o.put("PeerName", "");
        o.put("CreateIndex", s.createIndex());
        o.put("ModifyIndex", s.modifyIndex());
        return o;
    }

    /** {@code structs.ServiceNode}, as in {@code /v1/catalog/service/:name}. */
    static ObjectNode catalogService(ServiceInstance s, NodeInfo node) {
        final ObjectNode o = nodeFields(node);
        o.set("NodeMeta", nodeMeta());
        o.put("ServiceKind", s.kind());
        o.put("ServiceID", s.id());
        o.put("ServiceName", s.name());
        o.set("ServiceTags", strings(s.tags()));
        o.put("ServiceAddress", s.address());
        final ObjectNode tagged = serviceTaggedAddresses(s);
        if (tagged != null) {
            o.set("ServiceTaggedAddresses", tagged);
        }
        o.set("ServiceWeights", weights(s));
        o.set("ServiceMeta", s.meta() == null ? F.nullNode() : stringMap(s.meta()));
        o.put("ServicePort", s.port());
        o.put("ServiceSocketPath", "");
        o.put("ServiceEnableTagOverride", s.enableTagOverride());
        o.set("ServiceProxy", proxy(s));
        o.set("ServiceConnect", F.objectNode());
        o.put("ServicePeerName", "");
        o.put("CreateIndex", s.createIndex());
        o.put("ModifyIndex", s.modifyIndex());
        return o;
    }

    /** {@code structs.HealthCheck}. */
    static ObjectNode healthCheck(HealthCheck c, String nodeName) {
        final ObjectNode o = F.objectNode();
        o.put("Node", nodeName);
        o.put("CheckID", c.checkId());
        o.put("Name", c.name());
        o.put("Status", c.status());
        o.put("Notes", c.notes());
        o.put("Output", c.output());
        o.put("ServiceID", c.serviceId());
        o.put("ServiceName", c.serviceName());
        o.set("ServiceTags", strings(c.serviceTags()));
        o.put("Type", c.type());
        final CheckDefinition def = c.definition();
        o.put("Interval", def == null || def.interval().isZero() ? "" : GoDuration.format(def.interval()));
        o.put("Timeout", def == null || def.timeout().isZero() ? "" : GoDuration.format(def.timeout()));
        o.put("ExposedPort", 0);
        o.set("Definition", definition(def));
        o.put("CreateIndex", c.createIndex());
        o.put("ModifyIndex", c.modifyIndex());
        return o;
    }

    /** {@code structs.Intention} (CE: namespaces are always "default"). */
    static ObjectNode intention(Intention i) {
        final ObjectNode o = F.objectNode();
        // Consul's structs.Intention: ID, Description and the times are always there (empty, and Go's
        // zero time, for an intention that was not created through the legacy API).
        o.put("ID", i.id() == null ? "" : i.id());
        o.put("Description", i.description());
        o.put("SourceNS", "default");
        o.put("SourceName", i.sourceName());
        o.put("DestinationNS", "default");
        o.put("DestinationName", i.destinationName());
        o.put("SourceType", "consul");
        o.put("Action", i.action());
        if (i.permissions() != null) {
            o.set("Permissions", i.permissions().deepCopy());
        }
        if (!i.meta().isEmpty()) {
            o.set("Meta", stringMap(i.meta()));
        }
        o.put("Precedence", i.precedence());
        o.put("CreatedAt", i.createdAt() == null ? GO_ZERO_TIME : DateTimeFormatter.ISO_INSTANT.format(i.createdAt()));
        o.put("UpdatedAt", i.updatedAt() == null ? GO_ZERO_TIME : DateTimeFormatter.ISO_INSTANT.format(i.updatedAt()));
        o.put("CreateIndex", i.createIndex());
        o.put("ModifyIndex", i.modifyIndex());
        return o;
    }

    static ArrayNode strings(List<String> values) {
        final ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    static ObjectNode stringMap(Map<String, String> map) {
        final ObjectNode o = F.objectNode();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.put(e.getKey(), e.getValue()));
        return o;
    }

    static ObjectNode object() {
        return F.objectNode();
    }

    static ArrayNode array() {
        return F.arrayNode();
    }

    static JsonNode text(String s) {
        return F.textNode(s);
    }

    static JsonNode bool(boolean b) {
        return F.booleanNode(b);
    }

    private static ObjectNode definition(@Nullable CheckDefinition def) {
        final ObjectNode o = F.objectNode();
        if (def == null) {
            return o;
        }
        putIfNotEmpty(o, "HTTP", def.http());
        if (def.tlsSkipVerify()) {
            o.put("TLSSkipVerify", true);
        }
        if (!def.header().isEmpty()) {
            final ObjectNode h = o.putObject("Header");
            def.header().forEach((k, v) -> h.set(k, strings(v)));
        }
        putIfNotEmpty(o, "Method", def.method());
        putIfNotEmpty(o, "Body", def.body());
        putIfNotEmpty(o, "TCP", def.tcp());
        putIfNotEmpty(o, "GRPC", def.grpc());
        if (def.grpcUseTls()) {
            o.put("GRPCUseTLS", true);
        }
        putDuration(o, "Interval", def.interval());
        putDuration(o, "Timeout", def.timeout());
        putDuration(o, "DeregisterCriticalServiceAfter", def.deregisterCriticalServiceAfter());
        putDuration(o, "TTL", def.ttl());
        return o;
    }

    private static void putIfNotEmpty(ObjectNode o, String name, String value) {
        if (!value.isEmpty()) {
            o.put(name, value);
        }
    }

    private static void putDuration(ObjectNode o, String name, java.time.Duration d) {
        if (!d.isZero()) {
            o.put(name, GoDuration.format(d));
        }
    }

    private static ObjectNode weights(ServiceInstance s) {
        final ObjectNode w = F.objectNode();
        w.put("Passing", s.weightPassing());
        w.put("Warning", s.weightWarning());
        return w;
    }

    /** The registered Proxy block over Consul's empty defaults. */
    private static ObjectNode proxy(ServiceInstance s) {
        final ObjectNode p = emptyProxy();
        if (s.proxy() != null) {
            p.setAll((ObjectNode) s.proxy().deepCopy());
        }
        return p;
    }

    private static ObjectNode emptyProxy() {
        final ObjectNode p = F.objectNode();
        p.put("Mode", "");
        p.set("MeshGateway", F.objectNode());
        p.set("Expose", F.objectNode());
        return p;
    }

    /** The node fields {@code structs.Node} and {@code structs.ServiceNode} share, in order. */
    private static ObjectNode nodeFields(NodeInfo node) {
        final ObjectNode o = F.objectNode();
        o.put("ID", node.id());
        o.put("Node", node.name());
        o.put("Address", node.address());
        o.put("Datacenter", node.datacenter());
        o.set("TaggedAddresses", nodeTaggedAddresses(node));
        return o;
    }

    private static ObjectNode nodeTaggedAddresses(NodeInfo node) {
        final ObjectNode o = F.objectNode();
        final boolean v6 = node.address().contains(":");
        o.put("lan", node.address());
        o.put(v6 ? "lan_ipv6" : "lan_ipv4", node.address());
        o.put("wan", node.address());
        o.put(v6 ? "wan_ipv6" : "wan_ipv4", node.address());
        return o;
    }

    private static ObjectNode nodeMeta() {
        final ObjectNode o = F.objectNode();
        o.put("consul-network-segment", "");
        return o;
    }

    /** The agent adds lan/wan tagged addresses for services registered with an IP address. */
    @Nullable
    private static ObjectNode serviceTaggedAddresses(ServiceInstance s) {
        if (s.address().isEmpty() || !isIpLiteral(s.address())) {
            return null;
        }
        final String family = s.address().contains(":") ? "ipv6" : "ipv4";
        final ObjectNode o = F.objectNode();
        for (String key : new String[] { "lan_" + family, "wan_" + family }) {
            final ObjectNode a = o.putObject(key);
            a.put("Address", s.address());
            a.put("Port", s.port());
        }
        return o;
    }

    private static boolean isIpLiteral(String address) {
        if (!address.matches("[0-9.]+") && !address.contains(":")) {
            return false;
        }
        try {
            InetAddress.getByName(address); // literal: no DNS lookup happens
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private ConsulJson() {}
}
