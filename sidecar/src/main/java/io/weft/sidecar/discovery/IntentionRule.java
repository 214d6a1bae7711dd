package io.weft.sidecar.discovery;

import java.util.List;

/**
 * One authorization rule: may {@code source} (a service or "*") call this sidecar's service. An L4 rule
 * decides by {@code allow}; an L7 rule by its first permission that matches the request, and when none
 * does, the default policy applies (Consul's semantics: a lower-precedence rule does not).
 */
public record IntentionRule(String source, boolean allow, int precedence, List<IntentionPermission> permissions) {

    public IntentionRule {
        permissions = List.copyOf(permissions);
    }

    /** An L4 rule. */
    public IntentionRule(String source, boolean allow, int precedence) {
        this(source, allow, precedence, List.of());
    }

    public boolean matches(String caller) {
        return "*".equals(source) || source.equals(caller);
    }

    public boolean layer7() {
        return !permissions.isEmpty();
    }
}
