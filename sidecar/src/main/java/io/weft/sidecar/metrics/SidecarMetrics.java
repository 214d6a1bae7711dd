package io.weft.sidecar.metrics;

import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The sidecar's own meters, named once here, on the registry the admin listener serves to Prometheus.
 * The registry keeps a fixed set of names (the README's Metrics table): every {@code weft.*} meter and
 * the few of Armeria's listed in {@link #ARMERIA_METERS}; any other meter Armeria would register is
 * denied. Thread-safe; every method may be called from an event loop.
 */
public final class SidecarMetrics {
    public static final String DIRECTION_INBOUND = "inbound";
    public static final String DIRECTION_OUTBOUND = "outbound";
    public static final String DIRECTION_EDGE = "edge";

    /**
     * Armeria's meters that stay: build, open connections and requests per listener, connection
     * lifespans, TLS handshakes, unlogged exceptions. Left out: certificate validity (a label per
     * certificate name, and {@code weft.certificate.expiry.seconds} says it), router caches and
     * blocking-executor internals.
     */
    static final Set<String> ARMERIA_METERS = Set.of(
            "armeria.build.info", "armeria.server.connections", "armeria.server.all.requests",
            "armeria.server.pending.responses", "armeria.server.connections.lifespan",
            "armeria.client.connections.lifespan", "armeria.server.tls.handshakes",
            "armeria.server.exceptions.unlogged");

    private final PrometheusMeterRegistry registry;
    private final MetersByLabel<Counter> denied;

    public SidecarMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        registry.config().meterFilter(MeterFilter.denyUnless(
                id -> id.getName().startsWith("weft.") || ARMERIA_METERS.contains(id.getName())));
        // Keyed "peer\nrule": both labels share one bound (the overflow key has no rule: it is "_other" twice).
        denied = new MetersByLabel<>(key -> {
            final int split = key.indexOf('\n');
            return Counter.builder("weft.authz.denied")
                          .description("Requests denied by intentions, by caller and by the rule that denied them")
                          .tag("peer", split < 0 ? key : key.substring(0, split))
                          .tag("rule", split < 0 ? key : key.substring(split + 1)).register(registry);
        });
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The inbound listener's request meters: one series per caller of {@code service}. */
    MetersByLabel<RequestSeries> inboundRequests(String service) {
        return new MetersByLabel<>(peer -> new RequestSeries(registry, DIRECTION_INBOUND, service, peer));
    }

    /**
     * The request meters of a listener that forwards to upstreams (outbound, edge): one series per
     * upstream, all with the same {@code peer} (the listener's caller: {@code self}, {@code edge}).
     */
    MetersByLabel<RequestSeries> forwardedRequests(String direction, String peer) {
        return new MetersByLabel<>(upstream -> new RequestSeries(registry, direction, upstream, peer));
    }

    /** A TLS peer refused, by direction (inbound/outbound) and reason (e.g. unknown_ca, expired). */
    public void handshakeFailure(String direction, String reason) {
        Counter.builder("weft.tls.handshake.failures").description("TLS peers refused, by reason")
               .tags("direction", direction, "reason", reason).register(registry).increment();
    }

    public double handshakeFailures(String direction, String reason) {
        final Counter c = registry.find("weft.tls.handshake.failures").tags("direction", direction, "reason", reason)
                                  .counter();
        return c == null ? 0 : c.count();
    }

    /**
     * A request refused by an intention or the default policy; {@code rule} is bounded by the intentions ({@code default}, {@code intention web},
     * {@code intention web Permissions[2]}), never a path.
     */
    public void denied(String peer, String rule) {
        denied.get(peer + '\n' + rule).increment();
    }

    /** Registers gauges read from live state (certificate expiry, rotations, readiness). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).strongReference(true).register(registry);
    }
}
