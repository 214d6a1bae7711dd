package io.weft.devmesh.launcher;

import java.util.Locale;

import io.weft.common.annotation.Nullable;

/**
 * {@code GET /api/v1/traffic} as the table {@code ./weft stat} prints, in the manner of
 * {@code linkerd viz stat}: one line per source -> destination edge, then one per destination instance
 * when there are several.
 */
final class TrafficTable {

    private TrafficTable() {}

    static String render(TrafficDocument doc) {
        if (doc.edges().isEmpty()) {
            return "no traffic in the last " + doc.windowSeconds() + "s (sidecars report every few seconds)\n";
        }
        final Table table = new Table("SOURCE", "DESTINATION", "INSTANCE", "SUCCESS", "RPS", "LATENCY_P50",
                                      "LATENCY_P95", "LATENCY_P99", "REQUESTS");
        for (TrafficDocument.Edge edge : doc.edges()) {
            row(table, edge.source(), edge.destination(), "*", edge.total());
            if (edge.instances().size() > 1) {
                for (TrafficDocument.Instance i : edge.instances()) {
                    row(table, "", "", i.instanceId(), i.stats());
                }
            }
        }
        return "traffic over the last " + doc.windowSeconds() + "s, as the destinations' sidecars saw it:\n" +
               table.render();
    }

    private static void row(Table table, String source, String destination, String instance,
                            TrafficDocument.@Nullable Stats s) {
        if (s == null) {
            table.row(source, destination, instance, "-", "-", "-", "-", "-", "-");
            return;
        }
        table.row(source, destination, instance, percent(s.successRate()),
                  String.format(Locale.ROOT, "%.1frps", s.rps()), millis(s.p50Ms()), millis(s.p95Ms()),
                  millis(s.p99Ms()), Long.toString(s.requests()));
    }

    static String percent(@Nullable Double rate) {
        return rate == null ? "-" : String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }

    static String millis(@Nullable Double ms) {
        if (ms == null) {
            return "-";
        }
        return ms < 10 ? String.format(Locale.ROOT, "%.1fms", ms) : Math.round(ms) + "ms";
    }
}
