package io.weft.sidecar.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.weft.common.annotation.Nullable;

/**
 * Meters per value of one label, made on a value's first use and found with one map lookup after.
 * At most {@link #MAX_VALUES} values get their own meters; later ones share those of {@link #OVERFLOW},
 * so callers the mesh keeps admitting cannot grow the registry without bound. Thread-safe.
 */
final class MetersByLabel<V> {
    static final int MAX_VALUES = 100;
    /** Cannot collide with a service name: those start with a letter or a digit. */
    static final String OVERFLOW = "_other";
    /** The label value when there is none, e.g. no upstream because no service matched. */
    static final String NONE = "none";

    private final Function<String, V> meters;
    private final ConcurrentHashMap<String, V> byValue = new ConcurrentHashMap<>();

    MetersByLabel(Function<String, V> meters) {
        this.meters = meters;
    }

    V get(@Nullable String value) {
        final String v = value == null ? NONE : value;
        final V known = byValue.get(v);
        if (known != null) {
            return known;
        }
        return byValue.computeIfAbsent(byValue.size() < MAX_VALUES ? v : OVERFLOW, meters);
    }
}
