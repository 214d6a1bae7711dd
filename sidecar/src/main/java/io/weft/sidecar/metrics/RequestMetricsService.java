package io.weft.sidecar.metrics;

import java.util.function.Function;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

/**
 * Outermost layer of every listener: records each request when it completes. Labels are read at
 * completion, so inner layers can fill them in (the verified peer, the chosen upstream).
 */
public final class RequestMetricsService extends SimpleDecoratingHttpService {
    private final SidecarMetrics metrics;
    private final String direction;
    private final Function<ServiceRequestContext, String> upstream;
    private final Function<ServiceRequestContext, String> peer;

    public RequestMetricsService(HttpService delegate, SidecarMetrics metrics, String direction,
                                 Function<ServiceRequestContext, String> upstream,
                                 Function<ServiceRequestContext, String> peer) {
        super(delegate);
        this.metrics = metrics;
        this.direction = direction;
        this.upstream = upstream;
        this.peer = peer;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        metrics.recordRequest(ctx, direction, () -> orNone(upstream.apply(ctx)), () -> orNone(peer.apply(ctx)));
        return unwrap().serve(ctx, req);
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
