package io.weft.devmesh.launcher;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.weft.common.annotation.Nullable;

/**
 * Renders the control plane's {@code /api/v1/mesh} document as tables: the snapshot line, services
 * with their instances and health, connected sidecars with ACKed versions and certificate expiry,
 * intentions, and the routing Consul's config entries set up (only when there is any: most meshes have none). Missing fields show as {@code -}, so an older or newer control plane still renders.
 */
final class MeshTable {

    static String render(MeshDocument mesh, Clock clock) {
        final StringBuilder out = new StringBuilder();
        final MeshDocument.Snapshot snap = mesh.snapshot();
        out.append("snapshot v").append(text(snap == null ? null : snap.version()))
           .append(snap != null && snap.stale() ? "  STALE (Consul unreachable; serving the last good one)"
                                                : "  fresh")
           .append(", last Consul contact ").append(ago(snap == null ? null : snap.lastConsulContact(), clock))
           .append("\n\n");

        final Table services = new Table("SERVICE", "INSTANCE", "ADDRESS", "PROTOCOL", "HEALTH");
        for (MeshDocument.Service service : mesh.services()) {
            for (MeshDocument.Instance instance : service.instances()) {
                services.row(text(service.name()), text(instance.id()),
                             text(instance.address()) + ':' + text(instance.port()),
                             text(instance.protocol()), text(instance.health()));
            }
            if (service.instances().isEmpty()) {
                services.row(text(service.name()), "(none)", "-", "-", "-");
            }
        }
        out.append(services.isEmpty() ? "  no mesh services registered\n" : services.render()).append('\n');

        final Table sidecars = new Table("SIDECAR", "SERVICE", "ACKED VERSIONS", "CERT EXPIRES", "CONNECTED");
        for (MeshDocument.Sidecar sidecar : mesh.sidecars()) {
            sidecars.row(text(sidecar.instanceId()), text(sidecar.service()), acked(sidecar.resources()),
                         in(sidecar.certificateNotAfter(), clock), ago(sidecar.connectedAt(), clock));
        }
        out.append(sidecars.isEmpty() ? "  no sidecars connected\n" : sidecars.render()).append('\n');

        final MeshDocument.Intentions intentions = mesh.intentions();
        final Table rules = new Table("SOURCE", "DESTINATION", "ACTION");
        for (MeshDocument.Rule rule : intentions == null ? List.<MeshDocument.Rule>of() : intentions.rules()) {
            rules.row(text(rule.source()), text(rule.destination()),
                      rule.permissions().isEmpty() ? text(rule.action()) : String.join("; ", rule.permissions()));
        }
        out.append("intentions (default ").append(text(intentions == null ? null : intentions.defaultAction()))
           .append("):\n")
           .append(rules.isEmpty() ? "  none\n" : rules.render());
        routing(mesh.routing(), out);
        return out.toString();
    }

    /** Non-default discovery chains and the config entries that could not be applied, each with the reason. */
    private static void routing(@Nullable MeshDocument.Routing routing, StringBuilder out) {
        if (routing == null || routing.chains().isEmpty() && routing.rejectedEntries().isEmpty()) {
            return;
        }
        final Table chains = new Table("SERVICE", "PROTOCOL", "ENTERS AT", "TARGETS");
        final List<String> problems = new ArrayList<>();
        for (MeshDocument.Chain chain : routing.chains()) {
            if (chain.error() != null) {
                problems.add("  not compiled: " + text(chain.service()) + ": " + chain.error());
            } else {
                chains.row(text(chain.service()), text(chain.protocol()), text(chain.start()),
                           chain.targets().isEmpty() ? "-" : String.join(" ", chain.targets()));
            }
        }
        for (MeshDocument.RejectedEntry entry : routing.rejectedEntries()) {
            problems.add("  not applied: " + text(entry.kind()) + '/' + text(entry.name()) + ": " +
                         text(entry.error()));
        }
        out.append("\nrouting (Consul config entries):\n").append(chains.isEmpty() ? "" : chains.render());
        problems.forEach(line -> out.append(line).append('\n'));
    }

    /** {@code endpoints:sum=7 intentions=3 ...}: what each resource's sidecar ACKed, flagged when behind. */
    private static String acked(Map<String, MeshDocument.Resource> resources) {
        final List<String> parts = new ArrayList<>();
        resources.forEach((name, r) -> {
            String part = name + '=' + text(r.acked());
            if (!Objects.equals(r.acked(), r.sent())) {
                part += "(sent " + text(r.sent()) + ')';
            }
            if (r.nackError() != null) {
                part += "(NACK: " + r.nackError() + ')';
            }
            parts.add(part);
        });
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }

    private static String text(@Nullable Object value) {
        return value == null ? "-" : value.toString();
    }

    private static String in(@Nullable String instant, Clock clock) {
        return MeshDocument.instant(instant).map(t -> "in " + human(Duration.between(clock.instant(), t)))
                           .orElse("-");
    }

    private static String ago(@Nullable String instant, Clock clock) {
        return MeshDocument.instant(instant).map(t -> human(Duration.between(t, clock.instant())) + " ago")
                           .orElse("-");
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
