package io.weft.sidecar.metrics;

import java.time.Duration;
import java.util.function.Supplier;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.logging.RequestLogProperty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The sidecar's own meters, named once here. Exposed in Prometheus format by the admin listener.
 * Thread-safe; every method may be called from an event loop.
 */
public final class SidecarMetrics {
    public static final String DIRECTION_INBOUND = "inbound";
    public static final String DIRECTION_OUTBOUND = "outbound";
    public static final String DIRECTION_EDGE = "edge";

    private final PrometheusMeterRegistry registry;

    public SidecarMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one proxied request when its log completes: count, latency histogram, status. */
    public void recordRequest(RequestContext ctx, String direction, Supplier<String> upstream,
                              Supplier<String> peer) {
        ctx.log().whenComplete().thenAccept(log -> {
            final long nanos = log.totalDurationNanos();
            Timer.builder("weft.requests")
                 .description("Requests through the sidecar by direction, upstream, peer and status")
                 .tags("direction", direction, "upstream", upstream.get(), "peer", peer.get(),
                       "status", status(log))
                 .publishPercentileHistogram()
                 .register(registry)
                 .record(Duration.ofNanos(nanos));
        });
    }

    private static String status(RequestLog log) {
        if (!log.isAvailable(RequestLogProperty.RESPONSE_HEADERS)) {
            return "none";
        }
        final HttpStatus status = log.responseHeaders().status();
        final String grpc = log.responseTrailers().get("grpc-status",
                                                       log.responseHeaders().get("grpc-status", ""));
        return grpc.isEmpty() ? String.valueOf(status.code()) : status.code() + "/grpc-" + grpc;
    }

    /** A TLS peer refused, by direction (inbound/outbound) and reason (e.g. unknown_ca, expired). */
    public void handshakeFailure(String direction, String reason) {
        counter("weft.tls.handshake.failures", "TLS peers refused, by reason", "direction", direction,
                "reason", reason).increment();
    }

    public double handshakeFailures(String direction, String reason) {
        final Counter c = registry.find("weft.tls.handshake.failures").tags("direction", direction, "reason", reason)
                                  .counter();
        return c == null ? 0 : c.count();
    }

    /** A request refused by an intention. */
    public void denied(String peer) {
        counter("weft.authz.denied", "Requests denied by intentions, by caller", "peer", peer).increment();
    }

    /** Registers gauges read from live state (certificate expiry, rotations, readiness). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).strongReference(true).register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
