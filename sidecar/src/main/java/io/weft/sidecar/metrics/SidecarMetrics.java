package io.weft.sidecar.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
    private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

    public SidecarMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Records one proxied request when its log completes: count, latency histogram, status.
     *
     * <p>The timer for a (direction, upstream, peer, status) combination is looked up in {@link #requestTimers}
     * rather than built and registered per request: {@code Timer.builder(..).tags(..).register(..)} sorted the
     * tags, built a meter id and searched the registry on every request (about 3 % of the sidecar's CPU
     * samples under load; see bench/results). The set of combinations is the same one the registry holds.
     */
    public void recordRequest(RequestContext ctx, String direction, Supplier<String> upstream,
                              Supplier<String> peer) {
        ctx.log().whenComplete().thenAccept(log -> {
            final long nanos = log.totalDurationNanos();
            final RequestKey key = new RequestKey(direction, upstream.get(), peer.get(), httpStatus(log),
                                                  grpcStatus(log));
            Timer timer = requestTimers.get(key);
            if (timer == null) {
                timer = requestTimers.computeIfAbsent(key, this::requestTimer);
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        });
    }

    /** The tags of one {@code weft.requests} timer. */
    private record RequestKey(String direction, String upstream, String peer, int httpStatus, String grpcStatus) {
        String status() {
            if (httpStatus < 0) {
                return "none";
            }
            return grpcStatus.isEmpty() ? String.valueOf(httpStatus) : httpStatus + "/grpc-" + grpcStatus;
        }
    }

    private Timer requestTimer(RequestKey key) {
        return Timer.builder("weft.requests")
                    .description("Requests through the sidecar by direction, upstream, peer and status")
                    .tags("direction", key.direction(), "upstream", key.upstream(), "peer", key.peer(),
                          "status", key.status())
                    .publishPercentileHistogram()
                    .register(registry);
    }

    private static int httpStatus(RequestLog log) {
        return log.isAvailable(RequestLogProperty.RESPONSE_HEADERS) ? log.responseHeaders().status().code() : -1;
    }

    private static String grpcStatus(RequestLog log) {
        if (!log.isAvailable(RequestLogProperty.RESPONSE_HEADERS)) {
            return "";
        }
        return log.responseTrailers().get("grpc-status", log.responseHeaders().get("grpc-status", ""));
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
