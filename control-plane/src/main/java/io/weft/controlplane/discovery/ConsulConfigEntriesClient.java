package io.weft.controlplane.discovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the config entries the discovery chain is compiled from, one blocking query per kind
 * ({@code GET /v1/config/<kind>}: Consul has no query across kinds). Entries stay JSON here; the chain
 * package reads them.
 */
public final class ConsulConfigEntriesClient {

    /** The kinds a discovery chain is compiled from. */
    public static final List<String> CHAIN_KINDS = List.of(
            "service-defaults", "proxy-defaults", "service-router", "service-splitter", "service-resolver");

    private static final ObjectMapper mapper = new ObjectMapper();

    private final ConsulHttpReads reads;

    public ConsulConfigEntriesClient(ConsulHttpReads reads) {
        this.reads = reads;
    }

    /** One query per kind of {@link #CHAIN_KINDS}, by kind. */
    public Map<String, BlockingQuery<List<JsonNode>>> chainKinds() {
        final Map<String, BlockingQuery<List<JsonNode>>> queries = new LinkedHashMap<>();
        for (String kind : CHAIN_KINDS) {
            queries.put(kind, reads.query("/v1/config/" + kind, body -> parse(kind, body)));
        }
        return queries;
    }

    static List<JsonNode> parse(String kind, String body) {
        final JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(kind + " entries: not JSON (" + e.getMessage() + ')', e);
        }
        if (root == null || root.isNull()) {
            return List.of();
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException(kind + " entries: a JSON " + root.getNodeType() +
                                               " (expected: an array)");
        }
        final List<JsonNode> entries = new ArrayList<>(root.size());
        root.forEach(entries::add);
        return entries;
    }
}
