package io.weft.sidecar.discovery;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.weft.common.annotation.Nullable;

import io.weft.certs.TrustBundle;
import io.weft.protocol.v1.Routes;

/**
 * Everything the control plane pushed except the certificate (which pairs with a private key and so
 * lives in {@code identity}): an immutable value, replaced as a whole on every change. Routes are
 * Consul's discovery chain per upstream (the protobuf message itself: immutable, checked on arrival).
 */
public record MeshState(@Nullable TrustBundle trustBundle, @Nullable String trustDomain, long trustBundleVersion,
                        Map<String, ServiceEndpoints> endpoints, @Nullable IntentionSet intentions,
                        Map<String, Routes> routes) {

    public static final MeshState EMPTY = new MeshState(null, null, 0, Map.of(), null, Map.of());

    public MeshState {
        endpoints = Map.copyOf(endpoints);
        routes = Map.copyOf(routes);
    }

    /** A state without routes. */
    public MeshState(@Nullable TrustBundle trustBundle, @Nullable String trustDomain, long trustBundleVersion,
                     Map<String, ServiceEndpoints> endpoints, @Nullable IntentionSet intentions) {
        this(trustBundle, trustDomain, trustBundleVersion, endpoints, intentions, Map.of());
    }

    public MeshState withTrustBundle(TrustBundle bundle, String domain, long version) {
        return new MeshState(bundle, domain, version, endpoints, intentions, routes);
    }

    /** The last good routes (Consul's discovery chain) of an upstream, checked when they arrived. */
    public MeshState withRoutes(Routes update) {
        final Map<String, Routes> copy = new HashMap<>(routes);
        copy.put(update.getService(), update);
        return new MeshState(trustBundle, trustDomain, trustBundleVersion, endpoints, intentions, copy);
    }

    @Nullable
    public Routes routesOf(String service) {
        return routes.get(service);
    }

    public MeshState withEndpoints(ServiceEndpoints update, boolean removed) {
        final Map<String, ServiceEndpoints> copy = new HashMap<>(endpoints);
        if (removed) {
            copy.put(update.service(), new ServiceEndpoints(update.service(), update.version(), java.util.List.of()));
        } else {
            copy.put(update.service(), update);
        }
        return new MeshState(trustBundle, trustDomain, trustBundleVersion, copy, intentions, routes);
    }

    public MeshState withIntentions(IntentionSet set) {
        return new MeshState(trustBundle, trustDomain, trustBundleVersion, endpoints, set, routes);
    }

    public Set<String> services() {
        return endpoints.keySet();
    }

    @Nullable
    public ServiceEndpoints endpointsOf(String service) {
        return endpoints.get(service);
    }
}
