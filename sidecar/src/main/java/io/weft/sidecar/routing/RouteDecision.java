package io.weft.sidecar.routing;

import java.util.List;

import io.weft.common.annotation.Nullable;
import io.weft.protocol.v1.HashPolicy;
import io.weft.protocol.v1.HeaderModifiers;
import io.weft.sidecar.balancing.RouteRetry;

/**
 * Where one request goes by its upstream's routes, and what changes on the way: the target (and the
 * targets to fail over to, in order), the new path when a route rewrites its prefix, the header changes
 * of the route and the split, request side and response side, and the route's policy: its retries
 * ({@link RouteRetry#NONE} unless it names retry conditions), its request timeout and idle timeout
 * (0 when not set: the listener's timeout and no idle timeout), and what to hash for a consistent-hashing
 * target.
 */
public record RouteDecision(String target, List<String> failover, @Nullable String rewrittenPath,
                            List<HeaderModifiers> requestHeaders, List<HeaderModifiers> responseHeaders,
                            RouteRetry retry, long requestTimeoutMillis, long idleTimeoutMillis,
                            List<HashPolicy> hashPolicies) {

    public RouteDecision {
        failover = List.copyOf(failover);
        requestHeaders = List.copyOf(requestHeaders);
        responseHeaders = List.copyOf(responseHeaders);
        hashPolicies = List.copyOf(hashPolicies);
    }
}
