package io.weft.devmesh.consul.catalog;

import java.util.List;

import io.weft.common.annotation.Nullable;

/**
 * One check as the catalog holds it (Consul's {@code HealthCheck}). {@code definition} is null for
 * checks the agent owns itself (serfHealth, maintenance mode).
 */
public record HealthCheck(
        String checkId,
        String name,
        String status,
        String notes,
        String output,
        String serviceId,
        String serviceName,
        List<String> serviceTags,
        String type,
        @Nullable CheckDefinition definition,
        long createIndex,
        long modifyIndex) {

    public HealthCheck {
        serviceTags = List.copyOf(serviceTags);
    }

    HealthCheck withStatus(String newStatus, String newOutput, long index) {
        return new HealthCheck(checkId, name, newStatus, notes, newOutput, serviceId, serviceName,
                               serviceTags, type, definition, createIndex, index);
    }

    HealthCheck withOutput(String newOutput) {
        return new HealthCheck(checkId, name, status, notes, newOutput, serviceId, serviceName,
                               serviceTags, type, definition, createIndex, modifyIndex);
    }
}
