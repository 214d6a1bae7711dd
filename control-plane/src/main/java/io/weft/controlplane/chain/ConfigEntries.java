package io.weft.controlplane.chain;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.weft.common.annotation.Nullable;

/**
 * An immutable set of chain config entries, at most one per kind and name (Consul's own rule), as the
 * control plane last read them from Consul. Compiling a chain reads only this.
 */
public final class ConfigEntries {

    public static final ConfigEntries EMPTY = of(List.of());

    private final Map<String, ServiceDefaults> serviceDefaults = new HashMap<>();
    private final Map<String, ServiceRouter> routers = new HashMap<>();
    private final Map<String, ServiceSplitter> splitters = new HashMap<>();
    private final Map<String, ServiceResolver> resolvers = new HashMap<>();
    private final Map<String, ConfigEntry> byKindAndName = new HashMap<>();
    @Nullable
    private final ProxyDefaults proxyDefaults;

    private ConfigEntries(Collection<? extends ConfigEntry> entries) {
        ProxyDefaults proxy = null;
        for (ConfigEntry e : entries) {
            byKindAndName.put(e.kind() + '/' + e.name(), e);
            if (e instanceof ServiceDefaults d) {
                serviceDefaults.put(d.name(), d);
            } else if (e instanceof ProxyDefaults p) {
                proxy = p;
            } else if (e instanceof ServiceRouter r) {
                routers.put(r.name(), r);
            } else if (e instanceof ServiceSplitter s) {
                splitters.put(s.name(), s);
            } else if (e instanceof ServiceResolver r) {
                resolvers.put(r.name(), r);
            }
        }
        proxyDefaults = proxy;
    }

    /** The set of {@code entries}; of two with the same kind and name, the later one counts. */
    public static ConfigEntries of(Collection<? extends ConfigEntry> entries) {
        return new ConfigEntries(entries);
    }

    /** The entry of this kind ({@code service-router}) and name, if the set holds one. */
    @Nullable
    ConfigEntry find(String kind, String name) {
        return byKindAndName.get(kind + '/' + name);
    }

    @Nullable
    ServiceRouter router(String service) {
        return routers.get(service);
    }

    @Nullable
    ServiceSplitter splitter(String service) {
        return splitters.get(service);
    }

    @Nullable
    ServiceResolver resolver(String service) {
        return resolvers.get(service);
    }

    /**
     * The service's protocol as Consul decides it: its {@code service-defaults} {@code Protocol}, else
     * {@code proxy-defaults}' {@code Config.protocol}, else {@code tcp}.
     */
    public String protocolOf(String service) {
        final ServiceDefaults d = serviceDefaults.get(service);
        if (d != null) {
            return d.protocol().isEmpty() ? "tcp" : d.protocol();
        }
        return proxyDefaults == null || proxyDefaults.protocol().isEmpty() ? "tcp" : proxyDefaults.protocol();
    }

    boolean noRoutingEntries() {
        return routers.isEmpty() && splitters.isEmpty() && resolvers.isEmpty();
    }

    /** Consul's {@code IsProtocolHTTPLike}: the protocols whose chains may route and split. */
    static boolean isHttpLike(String protocol) {
        return "http".equals(protocol) || "http2".equals(protocol) || "grpc".equals(protocol);
    }
}
