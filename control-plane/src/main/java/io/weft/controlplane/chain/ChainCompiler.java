package io.weft.controlplane.chain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.weft.common.annotation.Nullable;

/**
 * Compiles the discovery chain of one service from the config entries, with Consul's semantics
 * ({@code agent/consul/discoverychain/compile.go}): only the router of the service itself is consulted,
 * and a catch-all route to the service is appended to it; a route or split without a subset may be split
 * again by the destination's splitter (nested splitters are flattened, weights multiplied); resolvers
 * apply redirects, then the default subset, then failover; every service on the chain must have the same
 * protocol, and only HTTP-like chains may route or split. Single use: one instance per compilation.
 */
public final class ChainCompiler {

    private final String service;
    private final String datacenter;
    private final ConfigEntries entries;

    private final Map<String, Object> nodes = new LinkedHashMap<>(); // key -> RouterB | SplitterB | Resolver
    private final Map<String, ChainTarget> targets = new LinkedHashMap<>();
    private String protocol = "";
    private boolean usesRouting;

    private ChainCompiler(String service, String datacenter, ConfigEntries entries) {
        this.service = service;
        this.datacenter = datacenter;
        this.entries = entries;
    }

    /**
     * The chain of calls to {@code service} in {@code datacenter}.
     *
     * @throws ChainException when the entries cannot form a chain (Consul's message: inconsistent
     *         protocols, routing on a non-HTTP protocol, a missing subset, a circular redirect or
     *         reference, a target in another datacenter)
     */
    public static CompiledChain compile(String service, String datacenter, ConfigEntries entries)
            throws ChainException {
        return new ChainCompiler(service, datacenter, entries).compile();
    }

    private CompiledChain compile() throws ChainException {
        final String start = assemble();
        detectCycles(start);
        flattenSplitters();
        if (!ConfigEntries.isHttpLike(protocol) && usesRouting) {
            throw new ChainException("discovery chain \"" + service + "\" uses a protocol \"" + protocol +
                                     "\" that does not permit advanced routing or splitting behavior");
        }
        final Map<String, ChainNode> used = new LinkedHashMap<>();
        collectReachable(start, used);
        final Map<String, ChainTarget> usedTargets = new LinkedHashMap<>();
        for (ChainNode n : used.values()) {
            if (n instanceof ChainNode.Resolver r) {
                usedTargets.put(r.target(), targets.get(r.target()));
                for (String f : r.failover()) {
                    usedTargets.put(f, targets.get(f));
                }
            }
        }
        return new CompiledChain(service, protocol, start, used, usedTargets);
    }

    /** Builds the graph from the top; returns the start node's key. */
    private String assemble() throws ChainException {
        final ServiceRouter router = entries.router(service);
        if (router == null) {
            return splitterOrResolver(service, "");
        }
        usesRouting = true;
        recordProtocol(service);
        final List<ChainNode.Route> routes = new ArrayList<>();
        final List<ServiceRouter.Route> defined = new ArrayList<>(router.routes());
        defined.add(new ServiceRouter.Route(RouteMatch.CATCH_ALL, RouteDestination.to(service)));
        for (ServiceRouter.Route route : defined) {
            final RouteDestination d = route.destination();
            final String next = d.serviceSubset().isEmpty() ? splitterOrResolver(d.service(), "")
                                                           : resolver(target(d.service(), d.serviceSubset(), ""),
                                                                      false);
            routes.add(new ChainNode.Route(route.match(), d, next));
        }
        final String key = "router:" + serviceId(service);
        nodes.put(key, new ChainNode.Router(key, routes));
        return key;
    }

    private String splitterOrResolver(String svc, String subset) throws ChainException {
        final String splitter = subset.isEmpty() ? splitter(svc) : null;
        return splitter != null ? splitter : resolver(target(svc, subset, ""), false);
    }

    @Nullable
    private String splitter(String svc) throws ChainException {
        final String key = "splitter:" + serviceId(svc);
        if (nodes.containsKey(key)) {
            return key; // recorded before recursing, so a loop ends here and is reported by detectCycles
        }
        final ServiceSplitter splitter = entries.splitter(svc);
        if (splitter == null) {
            return null;
        }
        final SplitterB node = new SplitterB(key);
        nodes.put(key, node);
        for (ServiceSplitter.Split split : splitter.splits()) {
            String next = null;
            if (!split.service().equals(svc) && split.serviceSubset().isEmpty()) {
                next = splitter(split.service()); // split again by the other service's splitter, if any
            }
            if (next == null) {
                next = resolver(target(split.service(), split.serviceSubset(), ""), false);
                final Object resolved = nodes.get(next);
                if (node.loadBalancer == null && resolved instanceof ChainNode.Resolver r &&
                    r.loadBalancer() != null && r.loadBalancer().isHashBased()) {
                    node.loadBalancer = r.loadBalancer(); // one hash policy per split: the first one found
                }
            }
            node.splits.add(new ChainNode.Split(split.weight(), split.requestHeaders(), split.responseHeaders(),
                                                next));
        }
        usesRouting = true;
        return key;
    }

    /** Resolves {@code t}: redirects, default subset, subset check, failover. Returns the node's key. */
    private String resolver(ChainTarget t, boolean forFailover) throws ChainException {
        final Set<String> redirects = new LinkedHashSet<>();
        ChainTarget target = t;
        ServiceResolver resolver;
        while (true) {
            final String key = "resolver:" + target.id();
            if (nodes.containsKey(key)) {
                return key;
            }
            recordProtocol(target.service());
            resolver = entries.resolver(target.service());
            if (resolver == null) {
                resolver = ServiceResolver.defaultFor(target.service());
            }
            if (!redirects.add(target.id())) {
                throw new ChainException("detected circular resolver redirect: [" + String.join(" -> ", redirects) +
                                         " -> " + target.id() + ']');
            }
            final ServiceResolver.Redirect redirect = resolver.redirect();
            if (redirect != null) {
                final ChainTarget redirected = rewrite(target, redirect.service(), redirect.serviceSubset(),
                                                       redirect.datacenter());
                if (!redirected.id().equals(target.id())) {
                    target = redirected;
                    continue;
                }
            }
            if (target.subset().isEmpty() && !resolver.defaultSubset().isEmpty()) {
                target = rewrite(target, "", resolver.defaultSubset(), "");
                continue;
            }
            break;
        }
        if (!resolver.subsetExists(target.subset())) {
            throw new ChainException("service \"" + target.service() + "\" does not have a subset named \"" +
                                     target.subset() + '"');
        }
        // Consul fills in 5 s when the resolver sets none; weft leaves it zero, so the sidecar's own
        // --connect-timeout applies to every upstream whose resolver does not set one
        final Duration connectTimeout = resolver.connectTimeout();
        final ChainTarget resolved = new ChainTarget(target.id(), target.service(), target.subset(),
                                                     target.datacenter(), resolver.subsets().get(target.subset()),
                                                     connectTimeout);
        targets.put(resolved.id(), resolved);
        final String key = "resolver:" + resolved.id();
        final List<String> failover = new ArrayList<>();
        if (forFailover) {
            return key; // a failover target's own failover is not followed (as in Consul)
        }
        ServiceResolver.Failover f = resolver.failover().get(resolved.subset());
        if (f == null) {
            f = resolver.failover().get("*");
        }
        if (f != null) {
            for (ServiceResolver.Target ft : f.targets()) {
                final ChainTarget other = rewrite(resolved, ft.service(), ft.serviceSubset(), ft.datacenter());
                if (!other.id().equals(resolved.id())) { // never fail over to yourself
                    final String otherKey = resolver(other, true);
                    failover.add(otherKey.substring("resolver:".length()));
                }
            }
        }
        nodes.put(key, new ChainNode.Resolver(key, resolved.id(), resolver.isDefault(), connectTimeout,
                                              resolver.requestTimeout(), failover, resolver.loadBalancer()));
        return key;
    }

    /** Consul's {@code rewriteTarget}: another service resets the subset; empty fields keep the target's. */
    private ChainTarget rewrite(ChainTarget t, String svc, String subset, String dc) throws ChainException {
        String service = t.service();
        String sub = t.subset();
        if (!svc.isEmpty() && !svc.equals(service)) {
            service = svc;
            sub = "";
        }
        if (!subset.isEmpty()) {
            sub = subset;
        }
        return target(service, sub, dc.isEmpty() ? t.datacenter() : dc);
    }

    private ChainTarget target(String svc, String subset, String dc) throws ChainException {
        final String in = dc.isEmpty() ? datacenter : dc;
        if (!in.equals(datacenter)) {
            throw new ChainException("discovery chain \"" + service + "\" sends to datacenter \"" + in +
                                     "\" (service \"" + svc + "\"): weft routes within its own datacenter \"" +
                                     datacenter + '"');
        }
        return new ChainTarget(ChainTarget.idOf(svc, subset, in), svc, subset, in, null, Duration.ZERO);
    }

    private void recordProtocol(String svc) throws ChainException {
        final String p = entries.protocolOf(svc);
        if (protocol.isEmpty()) {
            protocol = p;
        } else if (!protocol.equals(p)) {
            throw new ChainException("discovery chain \"" + service + "\" uses inconsistent protocols; service \"" +
                                     svc + "\" has \"" + p + "\" which is not \"" + protocol + '"');
        }
    }

    /** Walks every path from the start (chains are a handful of nodes); a node met again on its own path is a loop. */
    private void detectCycles(String start) throws ChainException {
        visit(start, new ArrayDeque<>());
    }

    private void visit(String key, Deque<String> path) throws ChainException {
        if (path.contains(key)) {
            final List<String> cycle = new ArrayList<>(path);
            cycle.add(key);
            throw new ChainException("detected circular reference: [" + String.join(" -> ", cycle) + ']');
        }
        path.addLast(key);
        for (String next : nextOf(nodes.get(key))) {
            visit(next, path);
        }
        path.removeLast();
    }

    /** Consul's {@code flattenAdjacentSplitterNodes}: a split into a splitter becomes that splitter's splits. */
    private void flattenSplitters() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Object n : nodes.values()) {
                if (!(n instanceof SplitterB s)) {
                    continue;
                }
                final List<ChainNode.Split> flat = new ArrayList<>();
                for (ChainNode.Split split : s.splits) {
                    if (!(nodes.get(split.next()) instanceof SplitterB inner)) {
                        flat.add(split);
                        continue;
                    }
                    changed = true;
                    for (ChainNode.Split in : inner.splits) {
                        // float32 arithmetic, as Consul's (a weight is a float32 there), so the rounding agrees
                        final float effective = (float) split.weight() * (float) in.weight() / 100f;
                        final double weight = ServiceSplitter.scaled(effective) / 100.0;
                        flat.add(new ChainNode.Split(weight,
                                                     HeaderModifiers.merge(split.requestHeaders(), in.requestHeaders()),
                                                     HeaderModifiers.merge(in.responseHeaders(), split.responseHeaders()),
                                                     in.next()));
                    }
                }
                s.splits.clear();
                s.splits.addAll(flat);
            }
        }
    }

    private void collectReachable(String key, Map<String, ChainNode> out) {
        if (out.containsKey(key)) {
            return;
        }
        final Object n = nodes.get(key);
        out.put(key, n instanceof SplitterB s ? s.build() : (ChainNode) n);
        for (String next : nextOf(n)) {
            collectReachable(next, out);
        }
    }

    private static List<String> nextOf(Object node) {
        final List<String> next = new ArrayList<>();
        if (node instanceof ChainNode.Router r) {
            r.routes().forEach(route -> next.add(route.next()));
        } else if (node instanceof SplitterB s) {
            s.splits.forEach(split -> next.add(split.next()));
        }
        return next;
    }

    private static String serviceId(String svc) {
        return svc + ".default.default";
    }

    /** A splitter while the graph is built: recorded before its splits are, and flattened in place. */
    private static final class SplitterB {
        final String key;
        final List<ChainNode.Split> splits = new ArrayList<>();
        @Nullable
        LoadBalancer loadBalancer;

        SplitterB(String key) {
            this.key = key;
        }

        ChainNode.Splitter build() {
            return new ChainNode.Splitter(key, splits, loadBalancer);
        }
    }
}
