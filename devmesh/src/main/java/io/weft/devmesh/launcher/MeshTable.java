package io.weft.devmesh.launcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders the control plane's {@code /api/v1/mesh} document as tables: the snapshot line, services
 * with their instances and health, connected sidecars with ACKed versions and certificate expiry,
 * and intentions. Missing fields show as {@code -}, so an older or newer control plane still renders.
 */
final class MeshTable {

    static String render(JsonNode mesh, Clock clock) {
        final StringBuilder out = new StringBuilder();
        final JsonNode snap = mesh.path("snapshot");
        out.append("snapshot v").append(text(snap.path("version")))
           .append(snap.path("stale").asBoolean(false) ? "  STALE (Consul unreachable; serving the last good one)"
                                                        : "  fresh")
           .append(", last Consul contact ").append(ago(snap.path("lastConsulContact"), clock)).append("\n\n");

        final Table services = new Table("SERVICE", "INSTANCE", "ADDRESS", "PROTOCOL", "HEALTH");
        for (JsonNode service : mesh.path("services")) {
            for (JsonNode instance : service.path("instances")) {
                services.row(text(service.path("name")), text(instance.path("id")),
                             text(instance.path("address")) + ':' + text(instance.path("port")),
                             text(instance.path("protocol")), text(instance.path("health")));
            }
            if (service.path("instances").isEmpty()) {
                services.row(text(service.path("name")), "(none)", "-", "-", "-");
            }
        }
        out.append(services.isEmpty() ? "  no mesh services registered\n" : services.render()).append('\n');

        final Table sidecars = new Table("SIDECAR", "SERVICE", "ACKED VERSIONS", "CERT EXPIRES", "CONNECTED");
        for (JsonNode sidecar : mesh.path("sidecars")) {
            sidecars.row(text(sidecar.path("instanceId")), text(sidecar.path("service")),
                         acked(sidecar.path("resources")), in(sidecar.path("certificateNotAfter"), clock),
                         ago(sidecar.path("connectedAt"), clock));
        }
        out.append(sidecars.isEmpty() ? "  no sidecars connected\n" : sidecars.render()).append('\n');

        final JsonNode intentions = mesh.path("intentions");
        final Table rules = new Table("SOURCE", "DESTINATION", "ACTION");
        for (JsonNode rule : intentions.path("rules")) {
            rules.row(text(rule.path("source")), text(rule.path("destination")), text(rule.path("action")));
        }
        out.append("intentions (default ").append(text(intentions.path("defaultAction"))).append("):\n")
           .append(rules.isEmpty() ? "  none\n" : rules.render());
        return out.toString();
    }

    /** {@code endpoints:sum=7 intentions=3 ...}: what each resource's sidecar ACKed, flagged when behind. */
    private static String acked(JsonNode resources) {
        final List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> r = it.next();
            final String acked = text(r.getValue().path("acked"));
            final String sent = text(r.getValue().path("sent"));
            String part = r.getKey() + '=' + acked;
            if (!acked.equals(sent)) {
                part += "(sent " + sent + ')';
            }
            if (!r.getValue().path("nackError").isNull() && !r.getValue().path("nackError").isMissingNode()) {
                part += "(NACK: " + r.getValue().path("nackError").asText() + ')';
            }
            parts.add(part);
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "-" : node.asText();
    }

    private static String in(JsonNode instant, Clock clock) {
        return parse(instant).map(t -> "in " + human(Duration.between(clock.instant(), t))).orElse("-");
    }

    private static String ago(JsonNode instant, Clock clock) {
        return parse(instant).map(t -> human(Duration.between(t, clock.instant())) + " ago").orElse("-");
    }

    private static java.util.Optional<Instant> parse(JsonNode node) {
        if (!node.isTextual()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Instant.parse(node.asText()));
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    /** 45s, 3m05s, 23h59m. */
    static String human(Duration d) {
        final long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
    }

    private MeshTable() {}
}
