package io.weft.sidecar.routing;

import java.util.List;

import io.weft.common.annotation.Nullable;
import io.weft.protocol.v1.HeaderModifiers;

/**
 * Where one request goes by its upstream's routes, and what changes on the way: the target (and the
 * targets to fail over to, in order), the new path when a route rewrites its prefix, and the header
 * changes of the route and the split, request side and response side.
 */
public record RouteDecision(String target, List<String> failover, @Nullable String rewrittenPath,
                            List<HeaderModifiers> requestHeaders, List<HeaderModifiers> responseHeaders) {

    public RouteDecision {
        failover = List.copyOf(failover);
        requestHeaders = List.copyOf(requestHeaders);
        responseHeaders = List.copyOf(responseHeaders);
    }
}
