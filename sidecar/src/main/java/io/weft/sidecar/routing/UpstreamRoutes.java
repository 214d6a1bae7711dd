package io.weft.sidecar.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

import com.linecorp.armeria.common.RequestHeaders;

import io.weft.common.annotation.Nullable;
import io.weft.protocol.v1.HashPolicy;
import io.weft.protocol.v1.HeaderModifiers;
import io.weft.protocol.v1.LoadBalancer;
import io.weft.protocol.v1.Resolver;
import io.weft.protocol.v1.Route;
import io.weft.protocol.v1.RouteDestination;
import io.weft.protocol.v1.RouteNode;
import io.weft.protocol.v1.Routes;
import io.weft.protocol.v1.Split;
import io.weft.sidecar.balancing.Balancer;
import io.weft.sidecar.balancing.LoadBalancing;
import io.weft.sidecar.balancing.RouteRetry;

/**
 * One upstream's Consul discovery chain as the outbound path walks it for each request: a router takes
 * the first route that matches, a splitter a share by weight, a resolver ends at a target; the decision
 * carries the route's retries and timeouts and the hash policies of its balancing. Built once per ROUTES
 * version (patterns, retry policies and each target's {@link Balancer} made then); immutable and safe to
 * share between event loops.
 */
public final class UpstreamRoutes {
    private final Routes routes;
    private final Map<String, List<CompiledRoute>> routers = new HashMap<>();

    private final Map<String, Balancer> balancers = new HashMap<>();

    private record CompiledRoute(RouteMatcher matcher, Route route, RouteRetry retry) {}

    private UpstreamRoutes(Routes routes) {
        this.routes = routes;
        routes.getNodesMap().forEach((key, node) -> {
            if (node.getKindCase() == RouteNode.KindCase.ROUTER) {
                final List<CompiledRoute> compiled = new ArrayList<>();
                for (Route r : node.getRouter().getRoutesList()) {
                    compiled.add(new CompiledRoute(new RouteMatcher(r.getMatch()), r, retryOf(r.getDestination())));
                }
                routers.put(key, List.copyOf(compiled));
            }
        });
        // A resolver's balancing is its target's, and its failover targets' unless they resolve themselves.
        final Map<String, Balancer> failovers = new HashMap<>();
        routes.getNodesMap().values().forEach(node -> {
            if (node.getKindCase() == RouteNode.KindCase.RESOLVER && node.getResolver().hasLoadBalancer()) {
                final Balancer b = balancerOf(node.getResolver().getLoadBalancer());
                if (b != null) {
                    balancers.put(node.getResolver().getTarget(), b);
                    node.getResolver().getFailoverList().forEach(f -> failovers.putIfAbsent(f, b));
                }
            }
        });
        failovers.forEach(balancers::putIfAbsent);
    }

    /**
     * The retries a route destination asks for, as Consul hands them to Envoy.
     *
     * @throws IllegalArgumentException for a retry condition or status code it cannot mean
     */
    public static RouteRetry retryOf(RouteDestination d) {
        return RouteRetry.of(d.getNumRetries(), d.getRetryOnConnectFailure(), d.getRetryOnStatusCodesList(),
                             d.getRetryOnList());
    }

    /**
     * The balancing a resolver's {@code LoadBalancer} asks for; {@code null} for none (the sidecar's own).
     *
     * @throws IllegalArgumentException for a policy or setting it cannot mean
     */
    @Nullable
    public static Balancer balancerOf(LoadBalancer lb) {
        return switch (lb.getPolicy()) {
            case "" -> null;
            case "round_robin" -> Balancer.of(LoadBalancing.WEIGHTED_ROUND_ROBIN);
            case "least_request" -> Balancer.leastRequest(lb.getChoiceCount());
            case "random" -> Balancer.of(LoadBalancing.RANDOM);
            case "ring_hash" -> Balancer.ringHash(lb.getMinimumRingSize(), lb.getMaximumRingSize());
            case "maglev" -> Balancer.of(LoadBalancing.MAGLEV);
            default -> throw new IllegalArgumentException("LoadBalancer policy: '" + lb.getPolicy() + "' (expected: " +
                                                          "round_robin, least_request, random, ring_hash or maglev)");
        };
    }

    /** The balancing per target id that the chain's resolvers ask for (targets not listed: the sidecar's own). */
    public Map<String, Balancer> balancers() {
        return balancers;
    }

    /** The walkable form of {@code routes} (checked on arrival by the discovery client). */
    public static UpstreamRoutes of(Routes routes) {
        return new UpstreamRoutes(routes);
    }

    public Routes routes() {
        return routes;
    }

    /** Whether every call simply goes to every instance of the service (nothing to walk). */
    public boolean isDefault() {
        return routes.getIsDefault() || routes.getNodesCount() == 0;
    }

    /**
     * Walks the chain for a request. {@code random} yields [0, 1) and picks the share of a split.
     *
     * @return the decision, or {@code null} when no route matches (a router without its catch-all)
     */
    @Nullable
    public RouteDecision decide(RequestHeaders headers, DoubleSupplier random) {
        final String pathAndQuery = headers.path();
        final int q = pathAndQuery.indexOf('?');
        final String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        final String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        final List<HeaderModifiers> request = new ArrayList<>(2);
        final List<HeaderModifiers> response = new ArrayList<>(2);
        String rewritten = null;
        RouteRetry retry = RouteRetry.NONE;
        long timeout = 0;
        long idle = 0;
        List<HashPolicy> hashing = null;
        String key = routes.getStartNode();
        for (int hops = 0; hops < routes.getNodesCount() + 1; hops++) {
            final RouteNode node = routes.getNodesOrThrow(key);
            switch (node.getKindCase()) {
                case ROUTER -> {
                    CompiledRoute chosen = null;
                    for (CompiledRoute r : routers.get(key)) {
                        if (r.matcher().matches(headers, path, query)) {
                            chosen = r;
                            break;
                        }
                    }
                    if (chosen == null) {
                        return null;
                    }
                    final var d = chosen.route().getDestination();
                    if (!d.getPrefixRewrite().isEmpty()) {
                        final String prefix = chosen.matcher().matchedPrefix();
                        rewritten = d.getPrefixRewrite() + path.substring(prefix.length()) +
                                    (query == null ? "" : '?' + query);
                    }
                    request.add(d.getRequestHeaders());
                    response.add(d.getResponseHeaders());
                    retry = chosen.retry();
                    timeout = d.getRequestTimeoutMillis();
                    idle = d.getIdleTimeoutMillis();
                    key = chosen.route().getNextNode();
                }
                case SPLITTER -> {
                    if (hashing == null) { // Consul puts the hash policies of the node after the router on the route
                        hashing = node.getSplitter().getLoadBalancer().getHashPoliciesList();
                    }
                    final Split split = pick(node.getSplitter().getSplitsList(), random.getAsDouble() * 100);
                    request.add(split.getRequestHeaders());
                    response.add(split.getResponseHeaders());
                    key = split.getNextNode();
                }
                case RESOLVER -> {
                    final Resolver resolver = node.getResolver();
                    if (key.equals(routes.getStartNode())) { // Consul applies a resolver's timeout only there
                        timeout = resolver.getRequestTimeoutMillis();
                    }
                    return new RouteDecision(resolver.getTarget(), resolver.getFailoverList(), rewritten, request,
                                             response, retry, timeout, idle,
                                             hashing != null ? hashing : resolver.getLoadBalancer().getHashPoliciesList());
                }
                case KIND_NOT_SET -> throw new IllegalStateException("node " + key + " of no kind");
            }
        }
        throw new IllegalStateException("the chain of " + routes.getService() + " does not end at a resolver");
    }

    private static Split pick(List<Split> splits, double point) {
        double upTo = 0;
        for (Split s : splits) {
            upTo += s.getWeight();
            if (point < upTo) {
                return s;
            }
        }
        return splits.get(splits.size() - 1); // rounding: weights add up to 100 within hundredths
    }
}
