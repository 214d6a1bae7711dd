package io.weft.sidecar.metrics;

import io.weft.common.annotation.Nullable;

/**
 * {@code weft.requests} for a relay that is not an Armeria service and so has no {@code RequestLog}: the
 * same series, labels and buckets {@link RequestMetricsService} records to (the registry hands both the
 * same timers), fed the response's status and the duration the relay measured. Thread-safe.
 */
public final class RelayedRequests {
    private final MetersByLabel<RequestSeries> series;

    private RelayedRequests(MetersByLabel<RequestSeries> series) {
        this.series = series;
    }

    /** Inbound, as {@link RequestMetricsService#inbound}: {@code upstream} is {@code service}, by caller. */
    public static RelayedRequests inbound(SidecarMetrics metrics, String service) {
        return new RelayedRequests(metrics.inboundRequests(service));
    }

    /** Outbound, as {@link RequestMetricsService#outbound}: by the upstream service the request went to. */
    public static RelayedRequests outbound(SidecarMetrics metrics) {
        return new RelayedRequests(metrics.forwardedRequests(SidecarMetrics.DIRECTION_OUTBOUND, "self"));
    }

    /**
     * Records one completed request of {@code label} (the caller inbound, the upstream service outbound).
     *
     * @param httpStatus the response's {@code :status}, or -1 when none was sent
     * @param grpcStatus its {@code grpc-status} (from trailers, or the headers of a trailers-only answer)
     */
    public void record(@Nullable String label, long durationNanos, int httpStatus, @Nullable String grpcStatus) {
        series.get(label).record(durationNanos, httpStatus, grpcStatus);
    }
}
