package io.weft.controlplane.discovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.snapshot.IntentionAction;

/** Parses Consul's {@code GET /v1/connect/intentions} body (an array of intentions). */
final class IntentionsJson {

    private static final Logger logger = LoggerFactory.getLogger(IntentionsJson.class);
    private static final ObjectMapper mapper = new ObjectMapper();

    private IntentionsJson() {}

    static List<Intention> parse(String body) {
        final JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("intentions: not JSON (" + e.getMessage() + ')', e);
        }
        if (root == null || root.isNull()) {
            return List.of();
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException("intentions: a JSON " + root.getNodeType() +
                                               " (expected: an array)");
        }
        final List<Intention> intentions = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            final String source = node.path("SourceName").asText("");
            final String destination = node.path("DestinationName").asText("");
            final String action = node.path("Action").asText("");
            if (source.isEmpty() || destination.isEmpty() || action.isEmpty()) {
                // L7 intentions carry Permissions instead of an Action; weft enforces L4 only.
                logger.warn("Ignoring intention {} ({} -> {}): no Action (expected: allow or deny)",
                            node.path("ID").asText("?"), source, destination);
                continue;
            }
            final IntentionAction parsed;
            try {
                parsed = IntentionAction.parse(action);
            } catch (IllegalArgumentException e) {
                logger.warn("Ignoring intention {} -> {}: {}", source, destination, e.getMessage());
                continue;
            }
            final int precedence = node.path("Precedence").asInt(0);
            intentions.add(new Intention(source, destination, parsed,
                                         precedence > 0 ? precedence
                                                        : Intention.precedenceOf(source, destination)));
        }
        return intentions;
    }
}
