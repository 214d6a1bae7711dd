package io.weft.devmesh.consul.catalog;

import java.time.Instant;
import java.util.Map;

import io.weft.common.annotation.Nullable;

/**
 * One L4 intention. {@code id}, {@code createdAt} and {@code updatedAt} are only set for intentions
 * created through the legacy {@code POST /v1/connect/intentions}, as in Consul 1.9+.
 */
public record Intention(
        @Nullable String id,
        String sourceName,
        String destinationName,
        String action,
        String description,
        Map<String, String> meta,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt,
        long createIndex,
        long modifyIndex) {

    public static final String WILDCARD = "*";

    public Intention {
        meta = Map.copyOf(meta);
    }

    /**
     * Consul's precedence (structs.Intention.UpdatePrecedence with the namespace always exact):
     * exact → exact 9, * → exact 8, exact → * 6, * → * 5. Higher wins.
     */
    public int precedence() {
        final int max = WILDCARD.equals(destinationName) ? 6 : 9;
        return WILDCARD.equals(sourceName) ? max - 1 : max;
    }
}
