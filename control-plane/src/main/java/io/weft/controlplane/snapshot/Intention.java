package io.weft.controlplane.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/**
 * A Consul intention: may {@code source} call {@code destination}? Either side may be {@code "*"}.
 *
 * @param precedence Consul's precedence, higher wins; see {@link #precedenceOf(String, String)}
 */
public record Intention(String source, String destination, IntentionAction action, int precedence) {

    public static final String WILDCARD = "*";

    /** Highest precedence first, then by source and destination, so the order is stable. */
    public static final Comparator<Intention> BY_PRECEDENCE =
            Comparator.comparingInt(Intention::precedence).reversed()
                      .thenComparing(Intention::source)
                      .thenComparing(Intention::destination);

    public Intention {
        requireNonNull(source, "source");
        requireNonNull(destination, "destination");
        requireNonNull(action, "action");
        if (source.isEmpty() || destination.isEmpty()) {
            throw new IllegalArgumentException("intention " + source + " -> " + destination +
                                               " (expected: non-empty source and destination)");
        }
    }

    /** An intention with the precedence Consul gives it. */
    public static Intention of(String source, String destination, IntentionAction action) {
        return new Intention(source, destination, action, precedenceOf(source, destination));
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
