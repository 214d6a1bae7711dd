package io.weft.devmesh.consul.catalog;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.weft.common.annotation.Nullable;

/**
 * One intention: a source of a {@code service-intentions} config entry seen from the legacy API, as
 * Consul 1.9+ shows it. {@code id}, {@code createdAt} and {@code updatedAt} are only set for intentions
 * created through the legacy {@code POST /v1/connect/intentions}; {@code meta} is the legacy meta or
 * else the enclosing entry's; {@code action} is empty when L7 {@code permissions} decide; the indexes
 * are the enclosing entry's.
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
        long modifyIndex,
        @Nullable JsonNode permissions) {

    public static final String WILDCARD = "*";

    /** The L7 permissions as written (a copy: the record stays immutable), or null. */
    @Override
    @Nullable
    public JsonNode permissions() {
        return permissions == null ? null : permissions.deepCopy();
    }

    public Intention {
        meta = Map.copyOf(meta);
        permissions = permissions == null ? null : permissions.deepCopy();
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
