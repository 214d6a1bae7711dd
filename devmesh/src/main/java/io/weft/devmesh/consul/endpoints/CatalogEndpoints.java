package io.weft.devmesh.consul.endpoints;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.common.HttpResponse;

import io.weft.common.filter.Filter;

import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.catalog.ConsulApiException;
import io.weft.devmesh.consul.catalog.GoStrings;
import io.weft.devmesh.consul.catalog.HealthCheck;
import io.weft.devmesh.consul.catalog.HealthEntry;
import io.weft.devmesh.consul.catalog.HealthStatus;
import io.weft.devmesh.consul.catalog.QueryResult;
import io.weft.devmesh.consul.catalog.ServiceInstance;
import io.weft.devmesh.consul.catalog.Topic;

/**
 * {@code /v1/catalog/*} and {@code /v1/health/*}: blocking reads of services and their health, with
 * {@code ?filter} over the items as rendered; and the catalog writes for the agent's own node.
 */
final class CatalogEndpoints {
    private final Catalog catalog;

    CatalogEndpoints(Catalog catalog) {
        this.catalog = catalog;
    }

    HttpResponse services(Request r) {
        return BlockingQuery.serve(r.ctx(), catalog, Topic.SERVICES, QueryOptions.parse(r.params()),
                                   catalog::catalogServices, services -> {
                                       final ObjectNode o = ConsulJson.object();
                                       for (Map.Entry<String, List<String>> e : services.entrySet()) {
                                           o.set(e.getKey(), ConsulJson.strings(e.getValue()));
                                       }
                                       return o;
                                   });
    }

    HttpResponse service(Request r) {
        final String name = requireName(r);
        final List<String> tags = r.params().getAll("tag");
        final Filter filter = ResultFilter.of(r);
        return BlockingQuery.serve(r.ctx(), catalog, Topic.service(name), QueryOptions.parse(r.params()),
                                   () -> catalog.serviceInstances(name), instances -> {
                                       final ArrayNode a = ConsulJson.array();
                                       for (ServiceInstance s : instances) {
                                           if (s.tags().containsAll(tags)) {
                                               a.add(ConsulJson.catalogService(s, catalog.node()));
                                           }
                                       }
                                       return ResultFilter.apply(filter, a);
                                   });
    }

    HttpResponse nodes(Request r) {
        final Filter filter = ResultFilter.of(r);
        return BlockingQuery.serve(r.ctx(), catalog, Topic.NODES, QueryOptions.parse(r.params()),
                                   () -> new QueryResult<>(catalog.nodeIndex(), catalog.node()),
                                   node -> ResultFilter.apply(
                                           filter, ConsulJson.array().add(ConsulJson.node(node, catalog.nodeIndex()))));
    }

    /** {@code GET /v1/catalog/datacenters}: the one datacenter. */
    HttpResponse datacenters(Request r) {
        return ConsulResponses.json(ConsulJson.array().add(catalog.node().datacenter()), r.pretty());
    }

    /**
     * {@code PUT /v1/catalog/register} for the stand-in's own node: the body's {@code Service} is
     * registered as through the agent. Other nodes and catalog-level checks are refused: the stand-in
     * is one agent, and nothing would keep a foreign node's checks.
     */
    HttpResponse register(Request r) {
        final JsonNode body = catalogBody(r);
        if (body.hasNonNull("Check") || body.hasNonNull("Checks")) {
            throw ConsulApiException.badRequest("Check and Checks are not supported by the weft Consul stand-in's " +
                                                "/v1/catalog/register: register checks through " +
                                                "/v1/agent/service/register");
        }
        final JsonNode service = body.get("Service");
        if (service != null && !service.isNull()) {
            if (!service.isObject()) {
                throw ConsulApiException.badRequest("Request decode failed: json: cannot unmarshal " +
                                                    JsonFields.jsonType(service) + " into Go struct field " +
                                                    "RegisterRequest.Service of type structs.NodeService");
            }
            final ObjectNode definition = ((ObjectNode) service).deepCopy();
            // NodeService names the service "Service"; ServiceDefinition calls it "Name".
            if (definition.has("Service") && !definition.has("Name")) {
                definition.set("Name", definition.remove("Service"));
            }
            catalog.register(RequestDecoder.serviceRegistration(definition.toString()), false);
        }
        return ConsulResponses.json(ConsulJson.bool(true), r.pretty());
    }

    /** {@code PUT /v1/catalog/deregister}: a service (or check-less node entry) of the stand-in's node. */
    HttpResponse deregister(Request r) {
        final JsonNode body = catalogBody(r);
        final String serviceId = body.path("ServiceID").asText("");
        if (body.hasNonNull("CheckID")) {
            throw ConsulApiException.badRequest("CheckID is not supported by the weft Consul stand-in's " +
                                                "/v1/catalog/deregister: deregister the check's service");
        }
        if (serviceId.isEmpty()) {
            throw ConsulApiException.badRequest("the weft Consul stand-in cannot deregister its own node " +
                                                catalog.node().name() + " (expected: a ServiceID)");
        }
        catalog.deregister(serviceId);
        return ConsulResponses.json(ConsulJson.bool(true), r.pretty());
    }

    /** A catalog write's body; Consul's "Missing node name" first, then the one node it may name. */
    private JsonNode catalogBody(Request r) {
        final JsonNode body;
        try {
            body = RequestDecoder.parse(r.body());
        } catch (JsonFields.DecodeException e) {
            throw ConsulApiException.badRequest("Request decode failed: " + e.getMessage());
        }
        final String node = body.path("Node").asText("");
        if (node.isEmpty()) {
            throw ConsulApiException.badRequest("Missing node name");
        }
        if (!node.equals(catalog.node().name())) {
            throw ConsulApiException.badRequest("the weft Consul stand-in has one node, " + catalog.node().name() +
                                                " (got Node " + GoStrings.quote(node) + ")");
        }
        return body;
    }

    HttpResponse health(Request r) {
        final String name = requireName(r);
        final boolean passing = passingFlag(r);
        final List<String> tags = r.params().getAll("tag");
        final Filter filter = ResultFilter.of(r);
        return BlockingQuery.serve(r.ctx(), catalog, Topic.service(name), QueryOptions.parse(r.params()),
                                   () -> catalog.health(name, passing), entries -> {
                                       final ArrayNode a = ConsulJson.array();
                                       for (HealthEntry e : entries) {
                                           if (!e.service().tags().containsAll(tags)) {
                                               continue;
                                           }
                                           final ObjectNode o = a.addObject();
                                           o.set("Node", ConsulJson.node(catalog.node(), catalog.nodeIndex()));
                                           o.set("Service", ConsulJson.nodeService(e.service()));
                                           final ArrayNode checks = o.putArray("Checks");
                                           for (HealthCheck c : e.checks()) {
                                               checks.add(ConsulJson.healthCheck(c, catalog.node().name()));
                                           }
                                       }
                                       return ResultFilter.apply(filter, a);
                                   });
    }

    /** {@code GET /v1/health/state/<state>}: the checks in one state (or "any"). */
    HttpResponse state(Request r) {
        final String state = r.tail();
        if (!"any".equals(state) && !HealthStatus.isValid(state)) {
            throw ConsulApiException.badRequest("Invalid check state: " + state);
        }
        final Filter filter = ResultFilter.of(r);
        return BlockingQuery.serve(r.ctx(), catalog, Topic.CHECKS, QueryOptions.parse(r.params()),
                                   () -> catalog.checksInState(state), checks -> {
                                       final ArrayNode a = ConsulJson.array();
                                       checks.forEach(c -> a.add(ConsulJson.healthCheck(c, catalog.node().name())));
                                       return ResultFilter.apply(filter, a);
                                   });
    }

    HttpResponse checks(Request r) {
        final String name = requireName(r);
        final Filter filter = ResultFilter.of(r);
        return BlockingQuery.serve(r.ctx(), catalog, Topic.service(name), QueryOptions.parse(r.params()),
                                   () -> catalog.health(name, false), entries -> {
                                       final ArrayNode a = ConsulJson.array();
                                       for (HealthEntry e : entries) {
                                           for (HealthCheck c : e.checks()) {
                                               if (!c.serviceId().isEmpty()) {
                                                   a.add(ConsulJson.healthCheck(c, catalog.node().name()));
                                               }
                                           }
                                       }
                                       return ResultFilter.apply(filter, a);
                                   });
    }

    /** Consul's {@code ?passing}: no value means true; anything ParseBool rejects is a 400. */
    private static boolean passingFlag(Request r) {
        if (!r.params().contains("passing")) {
            return false;
        }
        final String v = r.params().get("passing", "");
        return switch (v) {
            case "", "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw ConsulApiException.badRequest("Invalid value for ?passing");
        };
    }

    private static String requireName(Request r) {
        if (r.tail().isEmpty()) {
            throw ConsulApiException.badRequest("Missing service name");
        }
        return r.tail();
    }
}
