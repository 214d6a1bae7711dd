package io.weft.controlplane.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;

import io.weft.common.annotation.Nullable;

/**
 * A Consul intention: may {@code source} call {@code destination}? Either side may be {@code "*"}. An L4
 * intention has an {@code action}; an L7 one has {@code permissions} instead (Consul's rule: one or the other).
 *
 * @param action allow or deny, or null when {@code permissions} decide
 * @param permissions Consul's L7 {@code Permissions} in the order written: the first matching one decides
 * @param precedence Consul's precedence, higher wins; see {@link #precedenceOf(String, String)}
 * @param error why weft could not apply the intention as written, or null; such an intention is kept as a
 *              deny of its source (failing closed, as Consul's proxies treat an L7 intention they cannot apply)
 */
public record Intention(String source, String destination, @Nullable IntentionAction action,
                        List<IntentionPermission> permissions, int precedence, @Nullable String error) {

    public static final String WILDCARD = "*";

    /** Highest precedence first, then by source and destination, so the order is stable. */
    public static final Comparator<Intention> BY_PRECEDENCE =
            Comparator.comparingInt(Intention::precedence).reversed()
                      .thenComparing(Intention::source)
                      .thenComparing(Intention::destination);

    public Intention {
        requireNonNull(source, "source");
        requireNonNull(destination, "destination");
        permissions = List.copyOf(permissions);
        if (source.isEmpty() || destination.isEmpty()) {
            throw new IllegalArgumentException("intention " + source + " -> " + destination +
                                               " (expected: non-empty source and destination)");
        }
        if ((action == null) == permissions.isEmpty()) {
            throw new IllegalArgumentException("intention " + source + " -> " + destination +
                                               " (expected: an action or permissions, not both or neither)");
        }
    }

    /** An L4 intention. */
    public Intention(String source, String destination, IntentionAction action, int precedence) {
        this(source, destination, requireNonNull(action, "action"), List.of(), precedence, null);
    }

    /** An L4 intention with the precedence Consul gives it. */
    public static Intention of(String source, String destination, IntentionAction action) {
        return new Intention(source, destination, action, precedenceOf(source, destination));
    }

    /** An L7 intention with the precedence Consul gives it. */
    public static Intention of(String source, String destination, List<IntentionPermission> permissions) {
        return new Intention(source, destination, null, permissions, precedenceOf(source, destination), null);
    }

    /** An intention weft cannot apply as written: a deny of its source, with the reason. */
    public static Intention unapplicable(String source, String destination, int precedence, String error) {
        return new Intention(source, destination, IntentionAction.DENY, List.of(), precedence,
                             requireNonNull(error, "error"));
    }

    /**
     * Consul's precedence for the default namespace: exact to exact 9, {@code *} to exact 8,
     * exact to {@code *} 6, {@code *} to {@code *} 5.
     */
    public static int precedenceOf(String source, String destination) {
        final boolean exactSource = !WILDCARD.equals(source);
        if (!WILDCARD.equals(destination)) {
            return exactSource ? 9 : 8;
        }
        return exactSource ? 6 : 5;
    }

    /** Whether this intention protects {@code service} as a destination. */
    public boolean appliesTo(String service) {
        return destination.equals(service) || WILDCARD.equals(destination);
    }
}
