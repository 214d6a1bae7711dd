package io.weft.sidecar.outbound;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.netty.util.AttributeKey;
import io.weft.sidecar.routing.Authorities;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.routing.Upstream;
import io.weft.sidecar.routing.UpstreamRoutes;
import io.weft.sidecar.routing.Upstreams;

/**
 * Routing layer of the outbound path: {@code :authority}/Host names the destination service
 * ({@code sum}, {@code sum.weft}, any port). Unknown service: {@code NO_ROUTE} naming it. The
 * authority is rewritten to the bare service name for the upstream, and the request goes to that
 * service's client (retry -> load balancing -> mTLS, see {@code RequestPath}). A service with a
 * discovery chain (Consul's routers, splitters and resolvers) is routed by it: {@link ChainRouting}.
 */
public final class OutboundRouter implements HttpService {
    /** The destination service of the current request, for metrics. */
    public static final AttributeKey<String> UPSTREAM = AttributeKey.valueOf(OutboundRouter.class, "UPSTREAM");

    private final Upstreams upstreams;

    public OutboundRouter(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return route(ctx, req, Authorities.serviceOf(req.authority()), null);
    }

    /**
     * The upstream a relay may carry a request for {@code authority} to itself: a known service on its
     * default chain (no Consul routes) with endpoints, resolved as {@link #serve} resolves it. Null when the
     * request must take this router's path: a discovery chain to walk, or an answer of its own (unknown
     * service, no healthy endpoint) — so a relay's callers get exactly the same answers.
     */
    @Nullable
    public Upstream plainUpstream(@Nullable String authority) {
        final String service = Authorities.serviceOf(authority);
        if (service == null) {
            return null;
        }
        final UpstreamRoutes chain = upstreams.routesOf(service);
        if (chain != null && !chain.isDefault()) {
            return null;
        }
        final Upstream upstream = upstreams.get(service);
        return upstream == null || !upstream.hasEndpoints() ? null : upstream;
    }

    /** What a failed forward went to, for the listener's rescue: runs only once a request failed. */
    public static String targetOf(ServiceRequestContext ctx) {
        final String service = ctx.attr(UPSTREAM);
        return service == null ? "the upstream" : "service '" + service + '\'';
    }

    /**
     * Sends {@code req} to {@code service}. {@code edgeSegment} is the first path segment when the edge
     * looked there first (it is named in the error); messages are built only when something failed.
     */
    public HttpResponse route(ServiceRequestContext ctx, HttpRequest req, @Nullable String service,
                              @Nullable String edgeSegment) {
        final UpstreamRoutes chain = service == null ? null : upstreams.routesOf(service);
        if (chain != null && !chain.isDefault()) {
            ctx.setAttr(UPSTREAM, service);
            return ChainRouting.route(ctx, upstreams, chain, req);
        }
        final Upstream upstream = service == null ? null : upstreams.get(service);
        if (upstream == null) {
            final String origin = edgeSegment == null
                                  ? "from :authority/Host '" + req.authority() + '\''
                                  : "neither the path prefix '/" + edgeSegment + "' nor :authority/Host '" +
                                    req.authority() + "' names a known service";
            return FailureResponses.render(req.headers(), FailureKind.NO_ROUTE.with(
                    "unknown service '" + service + "' (" + origin + "); known services: " + upstreams.services()));
        }
        ctx.setAttr(UPSTREAM, service);
        if (!upstream.hasEndpoints()) {
            return FailureResponses.render(req.headers(), FailureKind.NO_HEALTHY_ENDPOINT.with(
                    "service '" + service + "' has no healthy endpoints"));
        }
        final RequestHeaders headers = req.headers();
        // The upstream sees the bare service name; no header copy when the caller already used it.
        // A failed forward is answered by the listener's FailureRescue.
        final HttpRequest out = service.equals(headers.authority()) ? req
                                : req.withHeaders(headers.toBuilder().authority(service));
        return upstream.client().execute(out);
    }
}
