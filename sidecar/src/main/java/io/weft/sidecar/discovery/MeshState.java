package io.weft.sidecar.discovery;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.weft.common.annotation.Nullable;

import io.weft.certs.TrustBundle;

/**
 * Everything the control plane pushed except the certificate (which pairs with a private key and so
 * lives in {@code identity}): an immutable value, replaced as a whole on every change.
 */
public record MeshState(@Nullable TrustBundle trustBundle, @Nullable String trustDomain, long trustBundleVersion,
                        Map<String, ServiceEndpoints> endpoints, @Nullable IntentionSet intentions) {

    public static final MeshState EMPTY = new MeshState(null, null, 0, Map.of(), null);

    public MeshState {
        endpoints = Map.copyOf(endpoints);
    }

    public MeshState withTrustBundle(TrustBundle bundle, String domain, long version) {
        return new MeshState(bundle, domain, version, endpoints, intentions);
    }

    public MeshState withEndpoints(ServiceEndpoints update, boolean removed) {
        final Map<String, ServiceEndpoints> copy = new HashMap<>(endpoints);
        if (removed) {
            copy.put(update.service(), new ServiceEndpoints(update.service(), update.version(), java.util.List.of()));
        } else {
            copy.put(update.service(), update);
        }
        return new MeshState(trustBundle, trustDomain, trustBundleVersion, copy, intentions);
    }

    public MeshState withIntentions(IntentionSet set) {
        return new MeshState(trustBundle, trustDomain, trustBundleVersion, endpoints, set);
    }

    public Set<String> services() {
        return endpoints.keySet();
    }

    @Nullable
    public ServiceEndpoints endpointsOf(String service) {
        return endpoints.get(service);
    }
}
