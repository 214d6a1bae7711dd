package io.weft.controlplane.stream;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import io.weft.controlplane.chain.ChainNode;
import io.weft.controlplane.chain.ChainSet;
import io.weft.controlplane.chain.ChainTarget;
import io.weft.controlplane.chain.CompiledChain;
import io.weft.controlplane.chain.HeaderModifiers;
import io.weft.controlplane.chain.LoadBalancer;
import io.weft.controlplane.chain.RouteDestination;
import io.weft.controlplane.chain.RouteMatch;
import io.weft.controlplane.snapshot.MeshSnapshot;
import io.weft.controlplane.snapshot.ServiceEndpoints;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.HashPolicy;
import io.weft.protocol.v1.HeaderMatch;
import io.weft.protocol.v1.QueryParamMatch;
import io.weft.protocol.v1.Resolver;
import io.weft.protocol.v1.Route;
import io.weft.protocol.v1.RouteNode;
import io.weft.protocol.v1.RouteTarget;
import io.weft.protocol.v1.Router;
import io.weft.protocol.v1.Routes;
import io.weft.protocol.v1.Split;
import io.weft.protocol.v1.Splitter;

/**
 * Turns a service's compiled discovery chain into its ROUTES message, with each target's members (the
 * instance ids its subset selects) from the same snapshot. Pure functions.
 */
final class RouteResources {

    private RouteResources() {}

    /**
     * The ROUTES of {@code service}. Its version is the newest of the chain's and of the endpoints of
     * every service the chain ends at, since a target's members change with them.
     */
    static ControlMessage routes(MeshSnapshot snapshot, String service) {
        final Routes.Builder b = Routes.newBuilder().setService(service);
        final ChainSet.ServiceChain sc = snapshot.chains().chain(service);
        if (sc == null) { // not in the catalog: every call goes to the service as named
            b.setVersion(snapshot.version()).setProtocol("tcp").setIsDefault(true);
        } else if (sc.chain() == null) {
            b.setVersion(sc.version()).setError(sc.error());
        } else {
            final CompiledChain chain = sc.chain();
            long version = sc.version();
            b.setProtocol(chain.protocol()).setStartNode(chain.startNode()).setIsDefault(chain.isDefault());
            for (ChainNode node : chain.nodes().values()) {
                b.putNodes(node.key(), node(node));
            }
            for (ChainTarget t : chain.targets().values()) {
                // a default chain's one target is every instance of the service: no member list to keep current
                final ServiceEndpoints endpoints = chain.isDefault() ? null : snapshot.service(t.service());
                final RouteTarget.Builder target = RouteTarget.newBuilder().setId(t.id()).setService(t.service())
                                                              .setSubset(t.subset())
                                                              .setConnectTimeoutMillis(millis(t.connectTimeout()))
                                                              .setOnlyPassing(t.subsetDefinition() != null &&
                                                                              t.subsetDefinition().onlyPassing());
                if (endpoints != null) {
                    target.addAllInstanceIds(endpoints.members(t));
                    version = Math.max(version, endpoints.version());
                }
                b.putTargets(t.id(), target.build());
            }
            b.setVersion(version);
        }
        return ControlMessage.newBuilder().setRoutes(b).build();
    }

    /** Whether {@code service}'s chain sends every call to every instance of the service itself. */
    static boolean isDefault(MeshSnapshot snapshot, String service) {
        final ChainSet.ServiceChain sc = snapshot.chains().chain(service);
        return sc == null || sc.chain() != null && sc.chain().isDefault();
    }

    /** The services {@code service}'s chain can end at (itself when it has no chain). */
    static Set<String> targetServices(MeshSnapshot snapshot, String service) {
        final Set<String> services = new TreeSet<>();
        services.add(service);
        final ChainSet.ServiceChain sc = snapshot.chains().chain(service);
        if (sc != null && sc.chain() != null) {
            sc.chain().targets().values().forEach(t -> services.add(t.service()));
        }
        return services;
    }

    private static RouteNode node(ChainNode node) {
        if (node instanceof ChainNode.Router r) {
            final Router.Builder router = Router.newBuilder();
            for (ChainNode.Route route : r.routes()) {
                router.addRoutes(Route.newBuilder().setMatch(match(route.match()))
                                      .setDestination(destination(route.destination()))
                                      .setNextNode(route.next()));
            }
            return RouteNode.newBuilder().setRouter(router).build();
        }
        if (node instanceof ChainNode.Splitter s) {
            final Splitter.Builder splitter = Splitter.newBuilder();
            for (ChainNode.Split split : s.splits()) {
                splitter.addSplits(Split.newBuilder().setWeight(split.weight())
                                        .setRequestHeaders(headers(split.requestHeaders()))
                                        .setResponseHeaders(headers(split.responseHeaders()))
                                        .setNextNode(split.next()));
            }
            if (s.loadBalancer() != null) {
                splitter.setLoadBalancer(loadBalancer(s.loadBalancer()));
            }
            return RouteNode.newBuilder().setSplitter(splitter).build();
        }
        final ChainNode.Resolver r = (ChainNode.Resolver) node;
        final Resolver.Builder resolver = Resolver.newBuilder().setTarget(r.target())
                                                  .setConnectTimeoutMillis(millis(r.connectTimeout()))
                                                  .setRequestTimeoutMillis(millis(r.requestTimeout()))
                                                  .addAllFailover(r.failover());
        if (r.loadBalancer() != null) {
            resolver.setLoadBalancer(loadBalancer(r.loadBalancer()));
        }
        return RouteNode.newBuilder().setResolver(resolver).build();
    }

    private static io.weft.protocol.v1.RouteMatch match(RouteMatch m) {
        final io.weft.protocol.v1.RouteMatch.Builder b =
                io.weft.protocol.v1.RouteMatch.newBuilder().setPathExact(m.pathExact()).setPathPrefix(m.pathPrefix())
                                              .setPathRegex(m.pathRegex()).addAllMethods(m.methods());
        m.headers().forEach(h -> b.addHeaders(header(h)));
        for (RouteMatch.QueryParamMatch q : m.queryParams()) {
            b.addQueryParams(QueryParamMatch.newBuilder().setName(q.name()).setPresent(q.present())
                                            .setExact(q.exact()).setRegex(q.regex()));
        }
        return b.build();
    }

    /** One header criterion, as router matches and intention permissions both carry it. */
    static HeaderMatch header(RouteMatch.HeaderMatch h) {
        return HeaderMatch.newBuilder().setName(h.name()).setPresent(h.present()).setExact(h.exact())
                          .setPrefix(h.prefix()).setSuffix(h.suffix()).setRegex(h.regex()).setInvert(h.invert())
                          .build();
    }

    private static io.weft.protocol.v1.RouteDestination destination(RouteDestination d) {
        final io.weft.protocol.v1.RouteDestination.Builder b =
                io.weft.protocol.v1.RouteDestination.newBuilder()
                        .setPrefixRewrite(d.prefixRewrite()).setRequestTimeoutMillis(millis(d.requestTimeout()))
                        .setIdleTimeoutMillis(millis(d.idleTimeout())).setNumRetries((int) d.numRetries())
                        .setRetryOnConnectFailure(d.retryOnConnectFailure()).addAllRetryOn(d.retryOn())
                        .setRequestHeaders(headers(d.requestHeaders()))
                        .setResponseHeaders(headers(d.responseHeaders()));
        d.retryOnStatusCodes().forEach(code -> b.addRetryOnStatusCodes(code.intValue()));
        return b.build();
    }

    private static io.weft.protocol.v1.HeaderModifiers headers(HeaderModifiers h) {
        return io.weft.protocol.v1.HeaderModifiers.newBuilder().putAllAdd(h.add()).putAllSet(h.set())
                                                  .addAllRemove(h.remove()).build();
    }

    private static io.weft.protocol.v1.LoadBalancer loadBalancer(LoadBalancer lb) {
        final io.weft.protocol.v1.LoadBalancer.Builder b =
                io.weft.protocol.v1.LoadBalancer.newBuilder().setPolicy(lb.policy())
                                                .setMinimumRingSize(lb.minimumRingSize())
                                                .setMaximumRingSize(lb.maximumRingSize())
                                                .setChoiceCount((int) lb.choiceCount());
        for (LoadBalancer.HashPolicy h : lb.hashPolicies()) {
            b.addHashPolicies(HashPolicy.newBuilder().setField(h.field()).setFieldValue(h.fieldValue())
                                        .setSourceIp(h.sourceIp()).setTerminal(h.terminal())
                                        .setCookieSession(h.cookieSession())
                                        .setCookieTtlMillis(millis(h.cookieTtl())).setCookiePath(h.cookiePath()));
        }
        return b.build();
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }
}
