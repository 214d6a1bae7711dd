package io.weft.devmesh.consul.endpoints;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.common.HttpResponse;

import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.catalog.ConsulApiException;
import io.weft.devmesh.consul.catalog.HealthCheck;
import io.weft.devmesh.consul.catalog.HealthEntry;
import io.weft.devmesh.consul.catalog.QueryResult;
import io.weft.devmesh.consul.catalog.ServiceInstance;
import io.weft.devmesh.consul.catalog.Topic;

/** {@code /v1/catalog/*} and {@code /v1/health/*}: blocking reads of services and their health. */
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
        return BlockingQuery.serve(r.ctx(), catalog, Topic.service(name), QueryOptions.parse(r.params()),
                                   () -> catalog.serviceInstances(name), instances -> {
                                       final ArrayNode a = ConsulJson.array();
                                       for (ServiceInstance s : instances) {
                                           if (s.tags().containsAll(tags)) {
                                               a.add(ConsulJson.catalogService(s, catalog.node()));
                                           }
                                       }
                                       return a;
                                   });
    }

    HttpResponse nodes(Request r) {
        return BlockingQuery.serve(r.ctx(), catalog, Topic.NODES, QueryOptions.parse(r.params()),
                                   () -> new QueryResult<>(catalog.nodeIndex(), catalog.node()),
                                   node -> ConsulJson.array().add(ConsulJson.node(node, catalog.nodeIndex())));
    }

    HttpResponse health(Request r) {
        final String name = requireName(r);
        final boolean passing = passingFlag(r);
        final List<String> tags = r.params().getAll("tag");
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
                                       return a;
                                   });
    }

    HttpResponse checks(Request r) {
        final String name = requireName(r);
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
                                       return a;
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
