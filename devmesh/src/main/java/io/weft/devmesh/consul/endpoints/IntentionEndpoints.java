package io.weft.devmesh.consul.endpoints;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.common.HttpResponse;

import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.catalog.ConsulApiException;
import io.weft.devmesh.consul.catalog.Intention;
import io.weft.devmesh.consul.catalog.QueryResult;
import io.weft.devmesh.consul.catalog.Topic;
import io.weft.devmesh.consul.endpoints.RequestDecoder.IntentionBody;

/**
 * {@code /v1/connect/intentions*}: the Consul 1.9+ by-name API ({@code exact}), list, match and
 * check, and the legacy by-ID create, read and delete.
 */
final class IntentionEndpoints {
    private final Catalog catalog;

    IntentionEndpoints(Catalog catalog) {
        this.catalog = catalog;
    }

    HttpResponse list(Request r) {
        return BlockingQuery.serve(r.ctx(), catalog, Topic.INTENTIONS, QueryOptions.parse(r.params()),
                                   catalog::intentions, IntentionEndpoints::render);
    }

    HttpResponse create(Request r) {
        final IntentionBody body = RequestDecoder.intention(r.body(), true);
        if (body.sourceName().isEmpty()) {
            throw ConsulApiException.badRequest("SourceName must be set");
        }
        if (body.destinationName().isEmpty()) {
            throw ConsulApiException.badRequest("DestinationName must be set");
        }
        final String id = catalog.createIntention(body.sourceName(), body.destinationName(), body.action(),
                                                  body.description(), body.meta());
        final ObjectNode o = ConsulJson.object();
        o.put("ID", id);
        return ConsulResponses.json(o, r.pretty());
    }

    /** {@code GET .../exact}: answers at once, as Consul's IntentionGetExact does not block. */
    HttpResponse getExact(Request r) {
        final String source = required(r, "source");
        final String destination = required(r, "destination");
        final QueryResult<Intention> found = catalog.intention(source, destination);
        return ConsulResponses.json(ConsulJson.intention(found.value()), found.index(), r.pretty());
    }

    HttpResponse putExact(Request r) {
        final String source = required(r, "source");
        final String destination = required(r, "destination");
        final IntentionBody body = RequestDecoder.intention(r.body(), false);
        catalog.upsertIntention(source, destination, body.action(), body.description(), body.meta());
        return ConsulResponses.json(ConsulJson.bool(true), r.pretty());
    }

    HttpResponse deleteExact(Request r) {
        catalog.deleteIntention(required(r, "source"), required(r, "destination"));
        return ConsulResponses.json(ConsulJson.bool(true), r.pretty());
    }

    HttpResponse getById(Request r) {
        return BlockingQuery.serve(r.ctx(), catalog, Topic.INTENTIONS, QueryOptions.parse(r.params()),
                                   () -> catalog.intentionWithId(r.tail()), ConsulJson::intention);
    }

    HttpResponse deleteById(Request r) {
        catalog.deleteIntentionById(r.tail());
        return ConsulResponses.json(ConsulJson.bool(true), r.pretty());
    }

    /** {@code GET /v1/connect/intentions/match?by=source|destination&name=...}, in evaluation order. */
    HttpResponse match(Request r) {
        final String by = r.params().get("by");
        if (by == null) {
            throw new ConsulApiException(500, "required query parameter 'by' not set");
        }
        if (!"source".equals(by) && !"destination".equals(by)) {
            throw new ConsulApiException(500, "'by' parameter must be one of 'source' or 'destination'");
        }
        final List<String> names = r.params().getAll("name");
        if (names.isEmpty()) {
            throw new ConsulApiException(500, "required query parameter 'name' not set");
        }
        return BlockingQuery.serve(r.ctx(), catalog, Topic.INTENTIONS, QueryOptions.parse(r.params()),
                                   catalog::intentions, all -> {
                                       final ObjectNode o = ConsulJson.object();
                                       for (String name : names) {
                                           final ArrayNode matches = o.putArray(name);
                                           for (Intention i : all) {
                                               final String side = "source".equals(by) ? i.sourceName()
                                                                                      : i.destinationName();
                                               if (side.equals(name) || Intention.WILDCARD.equals(side)) {
                                                   matches.add(ConsulJson.intention(i));
                                               }
                                           }
                                       }
                                       return o;
                                   });
    }

    /**
     * {@code GET /v1/connect/intentions/check}: the first matching intention in precedence order
     * decides; with none, a dev agent (ACLs off) allows.
     */
    HttpResponse check(Request r) {
        final String source = required(r, "source");
        final String destination = required(r, "destination");
        final QueryResult<List<Intention>> all = catalog.intentions();
        boolean allowed = true;
        for (Intention i : all.value()) {
            if (matches(i.sourceName(), source) && matches(i.destinationName(), destination)) {
                allowed = "allow".equals(i.action());
                break;
            }
        }
        final ObjectNode o = ConsulJson.object();
        o.put("Allowed", allowed);
        return ConsulResponses.json(o, r.pretty());
    }

    private static boolean matches(String pattern, String name) {
        return Intention.WILDCARD.equals(pattern) || pattern.equals(name);
    }

    private static ArrayNode render(List<Intention> intentions) {
        final ArrayNode a = ConsulJson.array();
        intentions.forEach(i -> a.add(ConsulJson.intention(i)));
        return a;
    }

    /** Consul reports missing parameters as plain errors, which it answers with a 500. */
    private static String required(Request r, String name) {
        final List<String> values = r.params().getAll(name);
        if (values.size() != 1 || values.get(0).isEmpty()) {
            throw new ConsulApiException(500, "required query parameter '" + name + "' not set");
        }
        return values.get(0);
    }
}
