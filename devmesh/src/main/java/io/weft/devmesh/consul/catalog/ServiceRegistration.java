package io.weft.devmesh.consul.catalog;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.weft.common.annotation.Nullable;

/**
 * A decoded {@code PUT /v1/agent/service/register} body (Consul's {@code ServiceDefinition}).
 * {@code id} already defaults to {@code name}; {@code meta} is null when the body had none; {@code kind}
 * is "" for a typical service or e.g. "connect-proxy", whose {@code proxy} block is kept as written.
 */
public record ServiceRegistration(
        String id,
        String name,
        List<String> tags,
        String address,
        @Nullable Map<String, String> meta,
        int port,
        boolean enableTagOverride,
        int weightPassing,
        int weightWarning,
        List<CheckDefinition> checks,
        String kind,
        @Nullable JsonNode proxy) {

    /** A typical service (no Kind, no Proxy). */
    public ServiceRegistration(String id, String name, List<String> tags, String address,
                               @Nullable Map<String, String> meta, int port, boolean enableTagOverride,
                               int weightPassing, int weightWarning, List<CheckDefinition> checks) {
        this(id, name, tags, address, meta, port, enableTagOverride, weightPassing, weightWarning, checks, "", null);
    }

    public ServiceRegistration {
        proxy = proxy == null ? null : proxy.deepCopy();
        tags = List.copyOf(tags);
        meta = meta == null ? null : Map.copyOf(meta);
        checks = List.copyOf(checks);
    }
}
