package io.weft.controlplane.api;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

import com.linecorp.armeria.server.annotation.Description;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.ProducesJson;

import io.weft.controlplane.traffic.TrafficWindow;

/** Golden metrics per edge. Annotated so {@code /docs} lists it. */
public final class TrafficStatusService {
    private final TrafficWindow traffic;
    private final Duration interval;
    private final Clock clock;

    public TrafficStatusService(TrafficWindow traffic, Duration interval, Clock clock) {
        this.traffic = requireNonNull(traffic, "traffic");
        this.interval = requireNonNull(interval, "interval");
        this.clock = requireNonNull(clock, "clock");
    }

    @Get("/api/v1/traffic")
    @ProducesJson
    @Description("Requests per source -> destination edge over the last minute, from the sidecars' traffic " +
                 "summaries: rps, success rate, p50/p95/p99 latency, in total and per destination instance.")
    public TrafficStatus traffic() {
        return new TrafficStatus(clock.instant().toString(), traffic.window().toSeconds(),
                                 interval.toMillis() / 1000.0, traffic.edges());
    }
}
