package io.weft.devmesh.consul.endpoints;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.weft.common.annotation.Nullable;
import io.weft.common.filter.Filter;
import io.weft.common.filter.FilterException;

import io.weft.devmesh.consul.catalog.ConsulApiException;

/**
 * {@code ?filter=}: Consul's filter expressions ({@link Filter}) over each result item as Consul
 * renders it, so selectors are the JSON field names ({@code Service.Meta.version}, {@code ServiceTags}).
 * An expression that does not parse, or a selector that does not fit the items, is answered as Consul
 * answers it: a 500 "Failed to create boolean expression evaluator: ..." (Consul creates the filter in
 * the RPC behind the HTTP API, whose errors are all 500s; hashicorp/consul#7338). The message after
 * the prefix is weft's, naming the column and what was expected.
 */
final class ResultFilter {
    private static final String PREFIX = "Failed to create boolean expression evaluator: ";

    /** The request's filter, or null when it has none. */
    @Nullable
    static Filter of(Request r) {
        final String expression = r.params().get("filter");
        if (expression == null || expression.isEmpty()) {
            return null;
        }
        try {
            return Filter.parse(expression);
        } catch (FilterException e) {
            throw new ConsulApiException(500, PREFIX + e.getMessage());
        }
    }

    /** The items of {@code array} that pass {@code filter} (all when null). */
    static ArrayNode apply(@Nullable Filter filter, ArrayNode array) {
        if (filter == null) {
            return array;
        }
        final ArrayNode out = ConsulJson.array();
        for (JsonNode item : array) {
            if (test(filter, item)) {
                out.add(item);
            }
        }
        return out;
    }

    /** The entries of a map answer ({@code /v1/agent/services}) whose values pass {@code filter}. */
    static ObjectNode applyToValues(@Nullable Filter filter, ObjectNode map) {
        if (filter == null) {
            return map;
        }
        final ObjectNode out = ConsulJson.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> e = it.next();
            if (test(filter, e.getValue())) {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static boolean test(Filter filter, JsonNode item) {
        try {
            return filter.test(ConsulJson.MAPPER.convertValue(item, Object.class));
        } catch (FilterException e) {
            throw new ConsulApiException(500, PREFIX + e.getMessage());
        }
    }

    private ResultFilter() {}
}
