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
import io.weft.controlplane.snapshot.IntentionPermission;

/**
 * Parses Consul's {@code GET /v1/connect/intentions} body (an array of intentions, L4 with an {@code Action},
 * L7 with {@code Permissions}). An L7 intention weft cannot apply as written (Consul's validation fails, or it
 * asks for what weft does not enforce) is kept as a deny of its source with the reason, so that a lower
 * precedence intention does not decide for that source instead and the status API can show why.
 */
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
            if (source.isEmpty() || destination.isEmpty()) {
                logger.warn("Ignoring intention {}: no SourceName or DestinationName", node.path("ID").asText("?"));
                continue;
            }
            final int given = node.path("Precedence").asInt(0);
            final int precedence = given > 0 ? given : Intention.precedenceOf(source, destination);
            final String action = node.path("Action").asText("");
            final JsonNode permissions = node.path("Permissions");
            final boolean layer7 = !permissions.isMissingNode() && !permissions.isNull() &&
                                   !(permissions.isArray() && permissions.isEmpty());
            if (layer7) {
                intentions.add(layer7(source, destination, action, permissions, precedence));
                continue;
            }
            try {
                intentions.add(new Intention(source, destination, IntentionAction.parse(action), precedence));
            } catch (IllegalArgumentException e) {
                logger.warn("Ignoring intention {} -> {}: {}", source, destination, e.getMessage());
            }
        }
        return intentions;
    }

    private static Intention layer7(String source, String destination, String action, JsonNode permissions,
                                    int precedence) {
        String error;
        if (!action.isEmpty()) {
            error = "Action must be omitted if Permissions are specified";
        } else if (Intention.WILDCARD.equals(destination)) {
            error = "Permissions cannot be specified on intentions with wildcarded destinations";
        } else {
            try {
                final List<IntentionPermission> parsed = PermissionsJson.parse(permissions);
                return new Intention(source, destination, null, parsed, precedence, null);
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            }
        }
        logger.warn("Denying {} -> {}: its L7 intention cannot be applied: {}", source, destination, error);
        return Intention.unapplicable(source, destination, precedence,
                                      "intention " + source + " -> " + destination + ": " + error);
    }
}
