package io.weft.sidecar.gateway;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.weft.sidecar.outbound.OutboundRouter;
import io.weft.sidecar.routing.Authorities;
import io.weft.sidecar.routing.Upstreams;

/**
 * The gateway's edge routing: {@code /<service>/rest} goes to {@code service} as {@code /rest} when
 * the first path segment is a known service; otherwise the Host header decides. Then exactly the
 * outbound path ({@link OutboundRouter}).
 */
public final class EdgeRouter implements HttpService {
    private final Upstreams upstreams;
    private final OutboundRouter outbound;

    public EdgeRouter(Upstreams upstreams, OutboundRouter outbound) {
        this.upstreams = upstreams;
        this.outbound = outbound;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        final String path = req.path();
        final int end = firstSegmentEnd(path);
        final String segment = path.substring(1, end);
        if (!segment.isEmpty() && upstreams.get(segment) != null) {
            final String rest = end < path.length() && path.charAt(end) == '/' ? path.substring(end)
                                                                               : '/' + path.substring(end);
            final HttpRequest stripped = req.withHeaders(req.headers().toBuilder().path(rest).authority(segment));
            return outbound.route(ctx, stripped, segment, null);
        }
        // An edge caller usually means the path; name both places we looked, or the 404 names only 'localhost'.
        return outbound.route(ctx, req, Authorities.serviceOf(req.authority()), segment);
    }

    private static int firstSegmentEnd(String path) {
        for (int i = 1; i < path.length(); i++) {
            final char c = path.charAt(i);
            if (c == '/' || c == '?') {
                return i;
            }
        }
        return path.length();
    }
}
