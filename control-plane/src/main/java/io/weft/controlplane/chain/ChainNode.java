package io.weft.controlplane.chain;

import java.time.Duration;
import java.util.List;

import io.weft.common.annotation.Nullable;

/**
 * A node of a compiled chain, keyed as Consul keys them ({@code router:sum.default.default},
 * {@code splitter:sum.default.default}, {@code resolver:v2.sum.default.default.dc1}). A request enters
 * at the chain's start node: a router picks a route, a splitter a share, and a resolver ends the walk at
 * a target.
 */
public sealed interface ChainNode {

    String key();

    /** Routes in order, the last one the catch-all Consul appends. */
    record Router(String key, List<Route> routes) implements ChainNode {
        public Router {
            routes = List.copyOf(routes);
        }
    }

    /** A route: its match, its destination's settings, and the node it leads to. */
    record Route(RouteMatch match, RouteDestination destination, String next) {}

    /** Shares after nested splitters are flattened; the weights add up to 100. */
    record Splitter(String key, List<Split> splits, @Nullable LoadBalancer loadBalancer) implements ChainNode {
        public Splitter {
            splits = List.copyOf(splits);
        }
    }

    /** A share: its weight, its header changes (merged through nested splitters), the resolver it leads to. */
    record Split(double weight, HeaderModifiers requestHeaders, HeaderModifiers responseHeaders, String next) {}

    /**
     * The end of a walk: the target, its timeouts and load balancer, and the targets to fail over to, in
     * order, when it has no healthy instance.
     */
    record Resolver(String key, String target, boolean isDefault, Duration connectTimeout,
                    Duration requestTimeout, List<String> failover, @Nullable LoadBalancer loadBalancer)
            implements ChainNode {
        public Resolver {
            failover = List.copyOf(failover);
        }
    }
}
