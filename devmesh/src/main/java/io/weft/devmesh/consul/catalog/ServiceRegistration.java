package io.weft.devmesh.consul.catalog;

import java.util.List;
import java.util.Map;

import io.weft.common.annotation.Nullable;

/**
 * A decoded {@code PUT /v1/agent/service/register} body (Consul's {@code ServiceDefinition}).
 * {@code id} already defaults to {@code name}; {@code meta} is null when the body had none.
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
        List<CheckDefinition> checks) {

    public ServiceRegistration {
        tags = List.copyOf(tags);
        meta = meta == null ? null : Map.copyOf(meta);
        checks = List.copyOf(checks);
    }
}
