package io.weft.sidecar.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

import com.linecorp.armeria.common.RequestHeaders;

import io.weft.common.annotation.Nullable;
import io.weft.protocol.v1.HeaderModifiers;
import io.weft.protocol.v1.Route;
import io.weft.protocol.v1.RouteNode;
import io.weft.protocol.v1.Routes;
import io.weft.protocol.v1.Split;

/**
 * One upstream's Consul discovery chain as the outbound path walks it for each request: a router takes
 * the first route that matches, a splitter a share by weight, a resolver ends at a target. Built once
 * per ROUTES version (patterns compiled then); immutable and safe to share between event loops.
 */
public final class UpstreamRoutes {
    private final Routes routes;
    private final Map<String, List<CompiledRoute>> routers = new HashMap<>();

    private record CompiledRoute(RouteMatcher matcher, Route route) {}

    private UpstreamRoutes(Routes routes) {
        this.routes = routes;
        routes.getNodesMap().forEach((key, node) -> {
            if (node.getKindCase() == RouteNode.KindCase.ROUTER) {
                final List<CompiledRoute> compiled = new ArrayList<>();
                for (Route r : node.getRouter().getRoutesList()) {
                    compiled.add(new CompiledRoute(new RouteMatcher(r.getMatch()), r));
                }
                routers.put(key, List.copyOf(compiled));
            }
        });
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
                    key = chosen.route().getNextNode();
                }
                case SPLITTER -> {
                    final Split split = pick(node.getSplitter().getSplitsList(), random.getAsDouble() * 100);
                    request.add(split.getRequestHeaders());
                    response.add(split.getResponseHeaders());
                    key = split.getNextNode();
                }
                case RESOLVER -> {
                    return new RouteDecision(node.getResolver().getTarget(), node.getResolver().getFailoverList(),
                                             rewritten, request, response);
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
