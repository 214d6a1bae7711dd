package io.weft.sidecar.routing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.WebClient;
import io.weft.common.annotation.Nullable;

import io.weft.sidecar.balancing.UpstreamCluster;
import io.weft.sidecar.balancing.UpstreamEndpoint;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.discovery.ServiceEndpoints;

/**
 * The registry of upstream services, following {@link MeshState}: one {@link UpstreamCluster} per
 * service the control plane pushed endpoints for, fed with each new endpoint set (swapped whole).
 * A removed service keeps its (now empty) cluster so callers get UNAVAILABLE rather than "unknown".
 */
public final class Upstreams implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Upstreams.class);

    private final Function<String, UpstreamCluster> clusters;
    private final BiFunction<String, UpstreamCluster, WebClient> clients;
    private final Map<String, Entry> upstreams = new ConcurrentHashMap<>();

    private record Entry(Upstream upstream, ServiceEndpoints pushed) {}

    /**
     * @param clusters makes the cluster for a service (policy per upstream)
     * @param clients makes the client over a cluster: see {@code RequestPath}
     */
    public Upstreams(Function<String, UpstreamCluster> clusters,
                     BiFunction<String, UpstreamCluster, WebClient> clients) {
        this.clusters = clusters;
        this.clients = clients;
    }

    /** Applies a new mesh state; runs on the discovery thread. */
    public void onMeshState(MeshState state) {
        state.endpoints().forEach((service, pushed) -> {
            final Entry entry = upstreams.computeIfAbsent(service, s -> {
                final UpstreamCluster cluster = clusters.apply(s);
                return new Entry(new Upstream(s, cluster, clients.apply(s, cluster)), null);
            });
            if (entry.pushed() != pushed) {
                try {
                    entry.upstream().cluster().update(pushed.endpoints().stream()
                            .map(e -> new UpstreamEndpoint(e.instanceId(), e.address(), e.port(), e.weight(),
                                                           e.zone()))
                            .toList());
                } catch (IllegalArgumentException e) {
                    logger.warn("Endpoints of '{}' v{} not applied: {}", service, pushed.version(), e.getMessage());
                }
                upstreams.put(service, new Entry(entry.upstream(), pushed));
            }
        });
    }

    /** The upstream for {@code service}, or {@code null} when the mesh has never heard of it. */
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
                e.upstream().cluster().policy().loadBalancing().name().toLowerCase(),
                e.upstream().cluster().endpointStatuses().stream().map(UpstreamView.Endpoint::of).toList())));
        return out;
    }

    public List<String> services() {
        return List.copyOf(upstreams.keySet());
    }

    @Override
    public void close() {
        upstreams.values().forEach(e -> e.upstream().cluster().close());
        upstreams.clear();
    }
}
