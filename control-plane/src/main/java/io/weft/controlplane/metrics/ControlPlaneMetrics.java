package io.weft.controlplane.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.weft.protocol.v1.ResourceType;

/** Every meter of the control plane, named {@code weft_controlplane_*}. Thread-safe. */
public final class ControlPlaneMetrics {

    private static final String PREFIX = "weft.controlplane.";

    private final MeterRegistry registry;

    public ControlPlaneMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A resource was written to a sidecar stream, {@code latency} after it was queued. */
    public void pushed(ResourceType type, Duration latency) {
        Counter.builder(PREFIX + "pushes").description("Resources written to sidecar streams")
               .tag("type", label(type)).register(registry).increment();
        Timer.builder(PREFIX + "push.latency")
             .description("Time from a resource being queued for a sidecar to being written to its stream")
             .tag("type", label(type)).publishPercentileHistogram().register(registry).record(latency);
    }

    public void nacked(ResourceType type) {
        Counter.builder(PREFIX + "nacks").description("Resource versions sidecars rejected")
               .tag("type", label(type)).register(registry).increment();
    }

    public void certificateIssued() {
        Counter.builder(PREFIX + "certificates.issued").description("Leaf certificates issued to sidecars")
               .register(registry).increment();
    }

    public void certificateRejected(String reason) {
        Counter.builder(PREFIX + "certificates.rejected").description("Certificate requests refused, by reason")
               .tag("reason", reason.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** A stream refused at authentication or closed for a protocol error, by gRPC status. */
    public void streamRefused(String status) {
        Counter.builder(PREFIX + "streams.refused").description("Sidecar streams ended with an error status")
               .tag("status", status).register(registry).increment();
    }

    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(PREFIX + name, source, value).description(description).strongReference(true)
             .register(registry);
    }

    public <T> void functionCounter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(PREFIX + name, source, value).description(description).register(registry);
    }

    /** Seconds since {@code lastContact}, or -1 when there was none yet. */
    public void secondsSince(String name, String description, Supplier<Instant> lastContact, Clock clock) {
        gauge(name, description, lastContact, s -> {
            final Instant at = s.get();
            return at == null ? -1 : Duration.between(at, clock.instant()).toMillis() / 1000.0;
        });
    }

    private static String label(ResourceType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
