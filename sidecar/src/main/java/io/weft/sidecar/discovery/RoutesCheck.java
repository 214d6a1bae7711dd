package io.weft.sidecar.discovery;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.weft.protocol.v1.HeaderMatch;
import io.weft.protocol.v1.QueryParamMatch;
import io.weft.protocol.v1.Route;
import io.weft.protocol.v1.RouteNode;
import io.weft.protocol.v1.Routes;
import io.weft.protocol.v1.Split;
import io.weft.sidecar.routing.UpstreamRoutes;

/**
 * Checks a ROUTES resource before it replaces the last good one: the control plane compiled it from
 * Consul's entries, but a chain the sidecar cannot walk (a dangling node or target, weights that do not
 * add up, a regular expression Java does not accept, a retry condition or load balancer it does not know)
 * must be NACKed, not half applied.
 */
final class RoutesCheck {

    private RoutesCheck() {}

    /** Throws {@link IllegalArgumentException} naming what is wrong. */
    static Routes checked(Routes routes) {
        final String what = "routes of " + routes.getService() + " v" + routes.getVersion();
        if (!routes.getError().isEmpty()) {
            throw new IllegalArgumentException(what + ": not applied, the control plane could not compile them (" +
                                               routes.getError() + "); the previous routes stay in force");
        }
        if (routes.getIsDefault() && routes.getNodesCount() == 0) {
            return routes; // no chain: calls go to the service as named
        }
        node(routes, routes.getStartNode(), what + ": start node");
        for (var e : routes.getNodesMap().entrySet()) {
            final RouteNode node = e.getValue();
            final String at = what + ": " + e.getKey();
            switch (node.getKindCase()) {
                case ROUTER -> {
                    for (Route r : node.getRouter().getRoutesList()) {
                        node(routes, r.getNextNode(), at);
                        regex(r.getMatch().getPathRegex(), at);
                        for (HeaderMatch h : r.getMatch().getHeadersList()) {
                            regex(h.getRegex(), at + " header " + h.getName());
                        }
                        for (QueryParamMatch q : r.getMatch().getQueryParamsList()) {
                            regex(q.getRegex(), at + " query parameter " + q.getName());
                        }
                    }
                }
                case SPLITTER -> {
                    double sum = 0;
                    for (Split s : node.getSplitter().getSplitsList()) {
                        node(routes, s.getNextNode(), at);
                        sum += s.getWeight();
                    }
                    if (Math.abs(sum - 100) > 0.015 * Math.max(1, node.getSplitter().getSplitsCount())) {
                        throw new IllegalArgumentException(at + ": split weights add up to " + sum +
                                                           " (expected: 100)");
                    }
                }
                case RESOLVER -> {
                    target(routes, node.getResolver().getTarget(), at);
                    for (String f : node.getResolver().getFailoverList()) {
                        target(routes, f, at + " failover");
                    }
                }
                case KIND_NOT_SET -> throw new IllegalArgumentException(at + ": a node of no kind");
            }
        }
        try {
            UpstreamRoutes.of(routes); // the routes' retry policies and the resolvers' balancing
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        return routes;
    }

    private static void node(Routes routes, String key, String at) {
        if (!routes.containsNodes(key)) {
            throw new IllegalArgumentException(at + ": no node '" + key + "' in the chain");
        }
    }

    private static void target(Routes routes, String id, String at) {
        if (!routes.containsTargets(id)) {
            throw new IllegalArgumentException(at + ": no target '" + id + "' in the chain");
        }
    }

    private static void regex(String regex, String at) {
        if (regex.isEmpty()) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(at + ": regular expression '" + regex + "': " + e.getDescription());
        }
    }
}
