package io.weft.sidecar.metrics;

import java.util.function.Function;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

import io.weft.common.annotation.Nullable;

/**
 * Outermost layer of every listener: records each request in {@code weft.requests} when it completes.
 * Of the labels, one varies per listener (the caller inbound, the upstream outbound and at the edge) and
 * is read at completion, so inner layers can fill it in (the verified peer, the routed upstream); the
 * request's series is then one map lookup away, its timer one array read.
 */
public final class RequestMetricsService extends SimpleDecoratingHttpService {
    private final MetersByLabel<RequestSeries> series;
    private final Function<ServiceRequestContext, @Nullable String> label;

    private RequestMetricsService(HttpService delegate, MetersByLabel<RequestSeries> series,
                                  Function<ServiceRequestContext, @Nullable String> label) {
        super(delegate);
        this.series = series;
        this.label = label;
    }

    /** Inbound: {@code upstream} is this sidecar's {@code service}, {@code peer} the caller. */
    public static HttpService inbound(HttpService delegate, SidecarMetrics metrics, String service,
                                      Function<ServiceRequestContext, @Nullable String> peer) {
        return new RequestMetricsService(delegate, metrics.inboundRequests(service), peer);
    }

    /** Outbound: {@code peer} is {@code self} (the local app), {@code upstream} the routed service. */
    public static HttpService outbound(HttpService delegate, SidecarMetrics metrics,
                                       Function<ServiceRequestContext, @Nullable String> upstream) {
        return new RequestMetricsService(
                delegate, metrics.forwardedRequests(SidecarMetrics.DIRECTION_OUTBOUND, "self"), upstream);
    }

    /** Edge: {@code peer} is {@code edge} (whoever calls the gateway), {@code upstream} the routed service. */
    public static HttpService edge(HttpService delegate, SidecarMetrics metrics,
                                   Function<ServiceRequestContext, @Nullable String> upstream) {
        return new RequestMetricsService(
                delegate, metrics.forwardedRequests(SidecarMetrics.DIRECTION_EDGE, "edge"), upstream);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        ctx.log().whenComplete().thenAccept(log -> series.get(label.apply(ctx)).record(log));
        return unwrap().serve(ctx, req);
    }
}
