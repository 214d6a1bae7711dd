package io.weft.devmesh.consul.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.weft.common.annotation.Nullable;

/** One registered service instance as the catalog holds it (Consul's {@code NodeService}). */
public record ServiceInstance(
        String id,
        String name,
        List<String> tags,
        String address,
        @Nullable Map<String, String> meta,
        int port,
        boolean enableTagOverride,
        int weightPassing,
        int weightWarning,
        long createIndex,
        long modifyIndex,
        String kind,
        @Nullable JsonNode proxy) {

    public ServiceInstance {
        tags = List.copyOf(tags);
        meta = meta == null ? null : Map.copyOf(meta);
    }

    static ServiceInstance of(ServiceRegistration r, long createIndex, long modifyIndex) {
        return new ServiceInstance(r.id(), r.name(), r.tags(), r.address(), r.meta(), r.port(),
                                   r.enableTagOverride(), r.weightPassing(), r.weightWarning(),
                                   createIndex, modifyIndex, r.kind(), r.proxy());
    }

    /** Same definition, ignoring raft indexes (Consul skips writing an identical service). */
    boolean sameAs(ServiceInstance o) {
        return id.equals(o.id) && name.equals(o.name) && tags.equals(o.tags) && address.equals(o.address) &&
               java.util.Objects.equals(meta, o.meta) && port == o.port &&
               enableTagOverride == o.enableTagOverride && weightPassing == o.weightPassing &&
               weightWarning == o.weightWarning && kind.equals(o.kind) && Objects.equals(proxy, o.proxy);
    }
}
