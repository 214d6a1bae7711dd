package io.weft.controlplane.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code service-router}: L7 routes for one service, tried in order; the first that matches decides.
 * Only the router of the service at the top of a chain is consulted.
 */
public record ServiceRouter(String name, List<Route> routes) implements ConfigEntry {
    static final String KIND = "service-router";

    public ServiceRouter {
        routes = List.copyOf(routes);
    }

    /** One route: a match and where it goes. */
    public record Route(RouteMatch match, RouteDestination destination) {}

    static ServiceRouter read(EntryJson json, String name) throws ChainException {
        final List<Route> routes = new ArrayList<>();
        final List<EntryJson> routeJson = json.objects("Routes");
        for (int i = 0; i < routeJson.size(); i++) {
            final EntryJson r = routeJson.get(i);
            final RouteMatch match = RouteMatch.read(r.object("Match"), i);
            routes.add(new Route(match, RouteDestination.read(r.object("Destination"), name, match, i)));
        }
        return new ServiceRouter(name, routes);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
