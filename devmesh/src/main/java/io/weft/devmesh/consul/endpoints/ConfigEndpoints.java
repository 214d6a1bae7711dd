package io.weft.devmesh.consul.endpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

import io.weft.common.annotation.Nullable;

import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.catalog.ConsulApiException;
import io.weft.devmesh.consul.catalog.GoStrings;
import io.weft.devmesh.consul.catalog.QueryResult;
import io.weft.devmesh.consul.catalog.Topic;
import io.weft.devmesh.consul.endpoints.JsonFields.DecodeException;

/**
 * {@code /v1/config}: Consul's config entry API ({@code agent/config_endpoint.go}). A body that
 * cannot be decoded, or names an unknown kind, is a 400 "Request decoding failed: ..."; an entry
 * Consul's validation refuses is a 500 with its message, as Consul answers errors of the RPC behind it.
 */
final class ConfigEndpoints {
    private final Catalog catalog;

    ConfigEndpoints(Catalog catalog) {
        this.catalog = catalog;
    }

    /** {@code PUT /v1/config[?cas=]}: answers {@code true}, or {@code false} when the CAS failed. */
    HttpResponse apply(Request r) {
        final ObjectNode entry;
        try {
            final JsonNode body = RequestDecoder.parse(r.body());
            if (!body.isObject()) {
                throw new DecodeException("json: cannot unmarshal " + JsonFields.jsonType(body) +
                                          " into Go value of type map[string]interface {}");
            }
            entry = (ObjectNode) body;
        } catch (DecodeException e) {
            throw ConsulApiException.badRequest("Request decoding failed: " + e.getMessage());
        }
        JsonNode kind = entry.get("Kind");
        if (kind == null) {
            kind = entry.get("kind");
        }
        if (kind == null) {
            throw ConsulApiException.badRequest(
                    "Request decoding failed: Payload does not contain a kind/Kind key at the top level");
        }
        if (!kind.isTextual()) {
            throw ConsulApiException.badRequest("Request decoding failed: Kind value in payload is not a string");
        }
        if (!Catalog.configEntryKinds().contains(kind.asText())) {
            throw ConsulApiException.badRequest("Request decoding failed: " + unknownKind(kind.asText()));
        }
        return ConsulResponses.json(ConsulJson.bool(catalog.applyConfigEntry(kind.asText(), entry, cas(r))),
                                    r.pretty());
    }

    /** {@code GET /v1/config/<kind>[/<name>]}: one entry (404 when missing) or the kind's list. */
    HttpResponse get(Request r) {
        final String[] kindAndName = r.tail().split("/", 2);
        final String kind = kindAndName[0];
        final QueryOptions options = QueryOptions.parse(r.params());
        if (kindAndName.length == 2) {
            requireKind(kind, 500);
            final String name = kindAndName[1];
            return BlockingQuery.serveWith(
                    r.ctx(), catalog, Topic.CONFIG_ENTRIES, options, () -> catalog.configEntry(kind, name),
                    (Optional<ObjectNode> entry, Long index) -> entry.isPresent()
                            ? ConsulResponses.json(entry.get(), index, options.pretty())
                            : ConsulResponses.withMeta(HttpStatus.NOT_FOUND, index, MediaType.PLAIN_TEXT_UTF_8,
                                                       HttpData.ofUtf8("Config entry not found for " +
                                                                       GoStrings.quote(kind) + " / " +
                                                                       GoStrings.quote(name))));
        }
        if (!kind.isEmpty()) {
            requireKind(kind, 500);
        }
        final List<String> kinds = kind.isEmpty() ? Catalog.configEntryKinds() : List.of(kind);
        return BlockingQuery.serve(r.ctx(), catalog, Topic.CONFIG_ENTRIES, options, () -> {
            final List<ObjectNode> all = new ArrayList<>();
            long index = 1;
            for (String k : kinds) {
                final QueryResult<List<ObjectNode>> list = catalog.configEntries(k);
                all.addAll(list.value());
                index = Math.max(index, list.index());
            }
            return new QueryResult<>(index, all);
        }, entries -> {
            final ArrayNode a = ConsulJson.array();
            entries.forEach(a::add);
            return a;
        });
    }

    /** {@code DELETE /v1/config/<kind>/<name>[?cas=]}: {@code {}}, or true/false with {@code cas}. */
    HttpResponse delete(Request r) {
        final String[] kindAndName = r.tail().split("/", 2);
        if (kindAndName.length != 2) {
            throw ConsulApiException.notFound("Must provide both a kind and name to delete");
        }
        requireKind(kindAndName[0], 400);
        final Long cas = cas(r);
        final boolean deleted = catalog.deleteConfigEntry(kindAndName[0], kindAndName[1], cas);
        return ConsulResponses.json(cas == null ? ConsulJson.object() : ConsulJson.bool(deleted), r.pretty());
    }

    private static void requireKind(String kind, int status) {
        if (!Catalog.configEntryKinds().contains(kind)) {
            throw new ConsulApiException(status, unknownKind(kind));
        }
    }

    private static String unknownKind(String kind) {
        return "invalid config entry kind: " + kind;
    }

    /** {@code ?cas=<index>}; Consul answers a value ParseUint rejects with a 500 and Go's error. */
    @Nullable
    static Long cas(Request r) {
        final String raw = r.params().get("cas");
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Long.parseUnsignedLong(raw);
        } catch (NumberFormatException e) {
            throw new ConsulApiException(500, "strconv.ParseUint: parsing " + GoStrings.quote(raw) +
                                              ": invalid syntax");
        }
    }
}
