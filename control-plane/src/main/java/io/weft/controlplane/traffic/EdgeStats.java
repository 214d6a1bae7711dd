package io.weft.controlplane.traffic;

import java.util.List;

import io.weft.common.annotation.Nullable;

/**
 * One source -> destination edge over the window, and the same per destination instance. Serialised as is
 * by {@code /api/v1/traffic}: {@code ./weft stat} and the dashboard read these names.
 */
public record EdgeStats(String source, String destination, Stats total, List<InstanceStats> instances) {

    /**
     * Golden metrics: {@code rps} over the window (or the part of it the destination has reported),
     * {@code successRate} 0..1, latency quantiles in milliseconds; {@code null} when there were no requests.
     */
    public record Stats(long requests, double rps, @Nullable Double successRate, @Nullable Double p50Ms,
                        @Nullable Double p95Ms, @Nullable Double p99Ms) {}

    /** The requests one instance of the destination answered. */
    public record InstanceStats(String instanceId, Stats stats) {}
}
