package io.weft.sidecar.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.endpoint.EndpointGroup;
import com.linecorp.armeria.common.annotation.Nullable;

import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.discovery.ServiceEndpoints;

/**
 * The registry of upstream services, following {@link MeshState}: one {@link Upstream} per service the
 * control plane pushed endpoints for. Endpoint sets are swapped whole; a removed service keeps its
 * (now empty) group so callers get UNAVAILABLE rather than "unknown".
 *
 * <p>This is the seam to {@code balancing}: the endpoint group here is a plain weighted-round-robin
 * group; the client wrapped around it comes from the request path assembly.
 */
public final class Upstreams implements AutoCloseable {
    private final BiFunction<String, EndpointGroup, WebClient> clientFactory;
    private final Map<String, Entry> upstreams = new ConcurrentHashMap<>();

    private record Entry(Upstream upstream, MeshEndpointGroup group, ServiceEndpoints pushed) {}

    /** @param clientFactory makes the client for (service, endpoint group): see {@code RequestPath} */
    public Upstreams(BiFunction<String, EndpointGroup, WebClient> clientFactory) {
        this.clientFactory = clientFactory;
    }

    /** Applies a new mesh state; runs on the discovery thread. */
    public void onMeshState(MeshState state) {
        state.endpoints().forEach((service, pushed) -> {
            final Entry entry = upstreams.computeIfAbsent(service, s -> {
                final MeshEndpointGroup group = new MeshEndpointGroup();
                return new Entry(new Upstream(s, group, clientFactory.apply(s, group)), group, pushed);
            });
            if (entry.pushed() != pushed) {
                entry.group().update(pushed.endpoints());
                upstreams.put(service, new Entry(entry.upstream(), entry.group(), pushed));
            } else if (entry.group().endpoints().isEmpty() && !pushed.endpoints().isEmpty()) {
                entry.group().update(pushed.endpoints());
            }
        });
    }

    /** The upstream for {@code service}, or {@code null} when the mesh has never heard of it. */
    @Nullable
    public Upstream get(String service) {
        final Entry e = upstreams.get(service);
        return e == null ? null : e.upstream();
    }

    /** For /config: endpoints per upstream with their version. */
    public Map<String, Object> describe() {
        final Map<String, Object> out = new TreeMap<>();
        upstreams.forEach((service, e) -> {
            final Map<String, Object> view = new LinkedHashMap<>();
            view.put("version", e.pushed().version());
            view.put("endpoints", e.pushed().endpoints().stream().map(ep -> {
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("instanceId", ep.instanceId());
                m.put("address", ep.address() + ':' + ep.port());
                m.put("weight", ep.weight());
                m.put("protocol", ep.protocol());
                m.put("ejected", false);
                return m;
            }).toList());
            out.put(service, view);
        });
        return out;
    }

    public List<String> services() {
        return List.copyOf(upstreams.keySet());
    }

    @Override
    public void close() {
        upstreams.values().forEach(e -> e.group().close());
        upstreams.clear();
    }
}
