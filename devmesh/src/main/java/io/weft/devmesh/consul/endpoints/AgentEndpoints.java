package io.weft.devmesh.consul.endpoints;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.common.HttpResponse;

import io.weft.common.filter.Filter;

import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.catalog.ConsulApiException;
import io.weft.devmesh.consul.catalog.HealthCheck;
import io.weft.devmesh.consul.catalog.HealthStatus;
import io.weft.devmesh.consul.catalog.NodeInfo;
import io.weft.devmesh.consul.catalog.ServiceInstance;

/** {@code /v1/agent/*}: the local agent's services and checks, and {@code /v1/agent/self}. */
final class AgentEndpoints {
    /** The Consul version the stand-in's answers are modelled on. */
    static final String CONSUL_VERSION = "1.20.0";

    private final Catalog catalog;

    AgentEndpoints(Catalog catalog) {
        this.catalog = catalog;
    }

    HttpResponse self(Request r) {
        final NodeInfo node = catalog.node();
        final ObjectNode root = ConsulJson.object();
        final ObjectNode config = root.putObject("Config");
        config.put("Datacenter", node.datacenter());
        config.put("PrimaryDatacenter", node.datacenter());
        config.put("NodeName", node.name());
        config.put("NodeID", node.id());
        config.put("Revision", "weft-stand-in");
        config.put("Server", true);
        config.put("Version", CONSUL_VERSION);
        root.putNull("Coord");
        final ObjectNode member = root.putObject("Member");
        member.put("Name", node.name());
        member.put("Addr", node.address());
        member.put("Port", 8301);
        final ObjectNode tags = member.putObject("Tags");
        tags.put("dc", node.datacenter());
        tags.put("role", "consul");
        tags.put("id", node.id());
        member.put("Status", 1);
        root.putObject("Stats");
        root.putObject("Meta").put("consul-network-segment", "");
        return ConsulResponses.json(root, r.pretty());
    }

    /**
     * {@code /v1/agent/services}: answers at once. Consul's agent endpoints block only on
     * {@code ?hash}, never on {@code ?index}, so neither does the stand-in.
     */
    HttpResponse services(Request r) {
        final Filter filter = ResultFilter.of(r);
        final ObjectNode o = ConsulJson.object();
        final String dc = catalog.node().datacenter();
        for (Map.Entry<String, ServiceInstance> e : catalog.agentServices().value().entrySet()) {
            o.set(e.getKey(), ConsulJson.agentService(e.getValue(), dc));
        }
        return ConsulResponses.json(ResultFilter.applyToValues(filter, o), r.pretty());
    }

    /** {@code /v1/agent/members}: the one member, this node, alive. */
    HttpResponse members(Request r) {
        final NodeInfo node = catalog.node();
        final ObjectNode m = ConsulJson.object();
        m.put("Name", node.name());
        m.put("Addr", node.address());
        m.put("Port", 8301);
        final ObjectNode tags = m.putObject("Tags");
        tags.put("dc", node.datacenter());
        tags.put("id", node.id());
        tags.put("role", "consul");
        tags.put("build", CONSUL_VERSION + ":weft-stand-in");
        m.put("Status", 1);
        m.put("ProtocolMin", 1);
        m.put("ProtocolMax", 5);
        m.put("ProtocolCur", 2);
        m.put("DelegateMin", 2);
        m.put("DelegateMax", 5);
        m.put("DelegateCur", 4);
        return ConsulResponses.json(ConsulJson.array().add(m), r.pretty());
    }

    /**
     * {@code /v1/connect/ca/roots}: Consul's shape with no roots. The stand-in signs no Connect
     * certificates (weft's identities come from weft's own CA), so any root it listed would verify
     * nothing it issued; the trust domain is still the cluster's, {@code <cluster id>.consul}.
     */
    HttpResponse caRoots(Request r) {
        final ObjectNode o = ConsulJson.object();
        o.put("ActiveRootID", "");
        o.put("TrustDomain", catalog.node().id() + ".consul");
        o.putArray("Roots");
        return ConsulResponses.json(o, catalog.nodeIndex(), r.pretty());
    }

    HttpResponse service(Request r) {
        final ServiceInstance s = catalog.agentServices().value().get(r.tail());
        if (s == null) {
            throw ConsulApiException.notFound("unknown service ID: " + r.tail());
        }
        return ConsulResponses.json(ConsulJson.agentService(s, catalog.node().datacenter()), r.pretty());
    }

    HttpResponse checks(Request r) {
        final Filter filter = ResultFilter.of(r);
        final ObjectNode o = ConsulJson.object();
        for (Map.Entry<String, HealthCheck> e : catalog.agentChecks().value().entrySet()) {
            o.set(e.getKey(), ConsulJson.healthCheck(e.getValue(), catalog.node().name()));
        }
        return ConsulResponses.json(ResultFilter.applyToValues(filter, o), r.pretty());
    }

    HttpResponse register(Request r) {
        final String replace = r.params().get("replace-existing-checks");
        final boolean replaceExisting = replace != null && (replace.isEmpty() || "true".equals(replace));
        catalog.register(RequestDecoder.serviceRegistration(r.body()), replaceExisting);
        return ConsulResponses.ok();
    }

    HttpResponse deregister(Request r) {
        catalog.deregister(r.tail());
        return ConsulResponses.ok();
    }

    HttpResponse maintenance(Request r) {
        if (r.tail().isEmpty()) {
            throw ConsulApiException.badRequest("Missing service ID");
        }
        if (!r.params().contains("enable")) {
            throw ConsulApiException.badRequest("Missing value for enable");
        }
        final String raw = r.params().get("enable", "");
        final boolean enable = switch (raw) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw ConsulApiException.badRequest("Invalid value for enable: \"" + raw + '"');
        };
        catalog.maintenance(r.tail(), enable, r.params().get("reason", ""));
        return ConsulResponses.ok();
    }

    HttpResponse pass(Request r) {
        catalog.updateTtl(r.tail(), HealthStatus.PASSING, r.params().get("note", ""));
        return ConsulResponses.ok();
    }

    HttpResponse warn(Request r) {
        catalog.updateTtl(r.tail(), HealthStatus.WARNING, r.params().get("note", ""));
        return ConsulResponses.ok();
    }

    HttpResponse fail(Request r) {
        catalog.updateTtl(r.tail(), HealthStatus.CRITICAL, r.params().get("note", ""));
        return ConsulResponses.ok();
    }

    HttpResponse update(Request r) {
        final String[] update = RequestDecoder.checkUpdate(r.body());
        catalog.updateTtl(r.tail(), update[0], update[1]);
        return ConsulResponses.ok();
    }
}
