package io.weft.sidecar.outbound;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.client.RequestOptions;
import com.linecorp.armeria.client.RequestOptionsBuilder;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.weft.common.annotation.Nullable;
import io.weft.protocol.v1.HeaderModifiers;
import io.weft.sidecar.balancing.UpstreamCluster;
import io.weft.sidecar.deadline.Deadline;
import io.weft.sidecar.deadline.GrpcTimeout;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.routing.RequestHashing;
import io.weft.sidecar.routing.RouteDecision;
import io.weft.sidecar.routing.Upstream;
import io.weft.sidecar.routing.UpstreamRoutes;
import io.weft.sidecar.routing.Upstreams;

/**
 * Sends a request the way its upstream's discovery chain says: walk it to a target, fall back to the
 * resolver's failover targets in order when the target has no endpoint, rewrite the path prefix, and
 * apply the route's and the split's header changes (request before it leaves, response as it returns),
 * and the route's policy: its request timeout (replacing the listener's; a smaller {@code grpc-timeout}
 * still wins), its idle timeout ({@link IdleTimeout}), its retries (which replace the cluster's,
 * {@link UpstreamCluster#ROUTE_RETRY}) and, for a target balanced by consistent hashing, the request's
 * hash key ({@link UpstreamCluster#REQUEST_HASH}) and the cookie a {@code CookieConfig} made up for it.
 */
final class ChainRouting {

    private ChainRouting() {}

    static HttpResponse route(ServiceRequestContext ctx, Upstreams upstreams, UpstreamRoutes chain,
                              HttpRequest req) {
        final String service = chain.routes().getService();
        final RouteDecision decision = chain.decide(req.headers(), ThreadLocalRandom.current()::nextDouble);
        if (decision == null) {
            return FailureResponses.render(req.headers(), FailureKind.NO_ROUTE.with(
                    "no route of service '" + service + "' matches " + req.method() + ' ' + req.path()));
        }
        final Upstream target = firstWithEndpoints(upstreams, decision);
        if (target == null) {
            return FailureResponses.render(req.headers(), FailureKind.NO_HEALTHY_ENDPOINT.with(
                    "service '" + service + "' has no healthy endpoints in " + decision.target() +
                    (decision.failover().isEmpty() ? "" : " nor its failover " + decision.failover())));
        }
        final RequestHeadersBuilder headers = req.headers().toBuilder().authority(target.service());
        if (decision.rewrittenPath() != null) {
            headers.path(decision.rewrittenPath());
        }
        for (HeaderModifiers m : decision.requestHeaders()) {
            apply(m, headers);
        }
        if (decision.requestTimeoutMillis() > 0) { // the route's timeout replaces the listener's; grpc-timeout still wins
            ctx.setRequestTimeout(TimeoutMode.SET_FROM_START, Deadline.of(
                    req.headers().get(GrpcTimeout.HEADER), Duration.ofMillis(decision.requestTimeoutMillis())));
        }
        final RequestOptionsBuilder options = RequestOptions.builder()
                                                            .attr(UpstreamCluster.ROUTE_RETRY, decision.retry());
        List<String> setCookies = List.of();
        if (!decision.hashPolicies().isEmpty()) {
            final InetSocketAddress caller = ctx.remoteAddress();
            final RequestHashing.Key key = RequestHashing.of(decision.hashPolicies(), req.headers(), caller.getAddress(),
                                                             caller + "/" + ctx.localAddress());
            if (key.hash() != null) {
                options.attr(UpstreamCluster.REQUEST_HASH, key.hash());
            }
            setCookies = key.setCookies(); // a cookie policy's CookieConfig: the made-up cookie, for the caller
        }
        final HttpRequest out = req.withHeaders(headers.build());
        final RequestOptions attrs = options.build();
        final HttpResponse res = decision.idleTimeoutMillis() > 0
                                 ? IdleTimeout.watch(ctx, out, decision.idleTimeoutMillis(),
                                                     r -> target.client().execute(r, attrs))
                                 : target.client().execute(out, attrs);
        if (decision.responseHeaders().stream().allMatch(ChainRouting::isEmpty) && setCookies.isEmpty()) {
            return res;
        }
        final List<String> cookies = setCookies;
        return res.mapHeaders(h -> {
            final var b = h.toBuilder();
            decision.responseHeaders().forEach(m -> apply(m, b));
            cookies.forEach(c -> b.add(HttpHeaderNames.SET_COOKIE, c));
            return b.build();
        });
    }

    @Nullable
    private static Upstream firstWithEndpoints(Upstreams upstreams, RouteDecision decision) {
        final Upstream primary = upstreams.get(decision.target());
        if (primary != null && primary.hasEndpoints()) {
            return primary;
        }
        for (String id : decision.failover()) {
            final Upstream u = upstreams.get(id);
            if (u != null && u.hasEndpoints()) {
                return u;
            }
        }
        return null;
    }

    /** Consul's (Envoy's) order: remove, then set (replacing), then add (appending). Pseudo-headers are never touched. */
    private static void apply(HeaderModifiers m, HttpHeadersBuilder b) {
        for (String name : m.getRemoveList()) {
            if (!name.startsWith(":")) {
                b.remove(name.toLowerCase(Locale.ROOT));
            }
        }
        for (Map.Entry<String, String> e : m.getSetMap().entrySet()) {
            if (!e.getKey().startsWith(":")) {
                b.set(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : m.getAddMap().entrySet()) {
            if (!e.getKey().startsWith(":")) {
                b.add(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
            }
        }
    }

    private static boolean isEmpty(HeaderModifiers m) {
        return m.getAddCount() == 0 && m.getSetCount() == 0 && m.getRemoveCount() == 0;
    }

}
