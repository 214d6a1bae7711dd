package io.weft.sidecar.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import io.weft.common.annotation.Nullable;

import io.weft.sidecar.balancing.UpstreamCluster;
import io.weft.sidecar.balancing.UpstreamEndpoint;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.discovery.ServiceEndpoints;
import io.weft.protocol.v1.RouteTarget;

/**
 * The registry of upstream services, following {@link MeshState}: one {@link UpstreamCluster} per
 * service the control plane pushed endpoints for, fed with each new endpoint set (swapped whole), and
 * one per target of a service's discovery chain (the instances of its subset, over a client whose connect
 * timeout is the target resolver's {@code ConnectTimeout}), with the chain itself ({@link UpstreamRoutes}) for
 * the outbound path to walk.
 * A removed service keeps its (now empty) cluster so callers get UNAVAILABLE rather than "unknown".
 */
public final class Upstreams implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Upstreams.class);

    private final Function<String, UpstreamCluster> clusters;
    private final ConnectTimeoutFactories factories;
    private final Clients clients;
    private final Map<String, Entry> upstreams = new ConcurrentHashMap<>();
    private final Map<String, UpstreamRoutes> routes = new ConcurrentHashMap<>();

    /**
     * {@code members}: for a chain target's cluster, the instance ids of its subset, {@code null} for a service;
     * {@code onlyPassing}: the subset leaves out instances whose check is warning.
     */
    private record Entry(Upstream upstream, @Nullable ServiceEndpoints pushed, @Nullable List<String> members,
                         boolean onlyPassing) {}

    /** Makes the client over a cluster of {@code service} on {@code factory}: see {@code RequestPath}. */
    @FunctionalInterface
    public interface Clients {
        WebClient make(String service, UpstreamCluster cluster, ClientFactory factory);
    }

    /**
     * @param clusters makes the cluster for a service (policy per upstream)
     * @param factories the client factory for a connect timeout
     * @param clients makes the client over a cluster
     */
    public Upstreams(Function<String, UpstreamCluster> clusters, ConnectTimeoutFactories factories,
                     Clients clients) {
        this.clusters = clusters;
        this.factories = factories;
        this.clients = clients;
    }

    /** Applies a new mesh state; runs on the discovery thread. */
    public void onMeshState(MeshState state) {
        // a service's own cluster: passing and warning instances, as Consul's default chain (OnlyPassing false)
        state.endpoints().forEach((service, pushed) -> apply(service, service, pushed, null, false, Duration.ZERO));
        state.routes().forEach((service, pushed) -> {
            final UpstreamRoutes current = routes.get(service);
            final UpstreamRoutes next = current != null && current.routes() == pushed ? current
                                                                                     : UpstreamRoutes.of(pushed);
            if (!next.isDefault()) {
                // one cluster per target: the instances of its subset, of the endpoints of its service
                for (RouteTarget t : pushed.getTargetsMap().values()) {
                    final ServiceEndpoints endpoints = state.endpointsOf(t.getService());
                    if (endpoints != null) {
                        apply(t.getId(), t.getService(), endpoints, t.getInstanceIdsList(), t.getOnlyPassing(),
                              Duration.ofMillis(t.getConnectTimeoutMillis()));
                        upstreams.get(t.getId()).upstream().cluster().balanceWith(next.balancers().get(t.getId()));
                    }
                }
            }
            routes.put(service, next); // targets first: a request never walks to a cluster not yet made
        });
    }

    /**
     * Feeds the cluster {@code name} (a service, or a chain target of {@code service}) when its input changed;
     * a new {@code connectTimeout} (zero: the sidecar's) gives it a new client on the same cluster.
     */
    private void apply(String name, String service, ServiceEndpoints pushed, @Nullable List<String> members,
                       boolean onlyPassing, Duration connectTimeout) {
        Entry entry = upstreams.computeIfAbsent(name, n -> {
            final UpstreamCluster cluster = clusters.apply(n);
            return new Entry(client(service, cluster, connectTimeout), null, null, false);
        });
        final Upstream current = entry.upstream();
        if (!current.connectTimeout().equals(connectTimeout)) {
            // requests already on the old client finish on it; its factory closes once unused (after a grace)
            entry = new Entry(client(service, current.cluster(), connectTimeout), entry.pushed(), entry.members(),
                              entry.onlyPassing());
            upstreams.put(name, entry);
            factories.release(current.connectTimeout());
        }
        if (entry.pushed() == pushed && Objects.equals(entry.members(), members) &&
            entry.onlyPassing() == onlyPassing) {
            return;
        }
        try {
            entry.upstream().cluster().update(pushed.endpoints().stream()
                    .filter(e -> members == null || members.contains(e.instanceId()))
                    .filter(e -> e.passing() || !onlyPassing)
                    .map(e -> new UpstreamEndpoint(e.instanceId(), e.address(), e.port(), e.weight(), e.zone()))
                    .toList());
        } catch (IllegalArgumentException e) {
            logger.warn("Endpoints of '{}' v{} not applied: {}", name, pushed.version(), e.getMessage());
        }
        upstreams.put(name, new Entry(entry.upstream(), pushed, members == null ? null : List.copyOf(members),
                                      onlyPassing));
    }

    private Upstream client(String service, UpstreamCluster cluster, Duration connectTimeout) {
        return new Upstream(service, cluster, clients.make(service, cluster, factories.acquire(connectTimeout)),
                            connectTimeout);
    }

    /** The routes of {@code service} (Consul's discovery chain), or {@code null} when none were pushed. */
    @Nullable
    public UpstreamRoutes routesOf(String service) {
        return routes.get(service);
    }

    /**
     * The upstream for {@code service} (or for a chain target id, {@code v2.sum.default.default.dc1}), or
     * {@code null} when the mesh has never heard of it.
     */
    @Nullable
    public Upstream get(String service) {
        final Entry e = upstreams.get(service);
        return e == null ? null : e.upstream();
    }

    /** For /config: endpoints per upstream with their ejection state and version, by service name. */
    public Map<String, UpstreamView> describe() {
        final Map<String, UpstreamView> out = new TreeMap<>();
        upstreams.forEach((service, e) -> out.put(service, new UpstreamView(
                e.pushed() == null ? null : e.pushed().version(),
                e.upstream().cluster().balancer().kind().name().toLowerCase(),
                e.upstream().cluster().endpointStatuses().stream().map(UpstreamView.Endpoint::of).toList())));
        return out;
    }

    /** The services known (not the clusters of chain targets). */
    public List<String> services() {
        return upstreams.entrySet().stream().filter(e -> e.getValue().members() == null).map(Map.Entry::getKey)
                        .sorted().toList();
    }

    @Override
    public void close() {
        upstreams.values().forEach(e -> e.upstream().cluster().close());
        upstreams.clear();
        factories.close();
    }
}
