package io.weft.controlplane.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.weft.common.annotation.Nullable;

/**
 * Consul's {@code HTTPHeaderModifiers}: headers to add (appended, duplicates allowed), set (replacing
 * any value) and remove, on a request or a response.
 */
public record HeaderModifiers(Map<String, String> add, Map<String, String> set, List<String> remove) {

    public static final HeaderModifiers NONE = new HeaderModifiers(Map.of(), Map.of(), List.of());

    public HeaderModifiers {
        add = Map.copyOf(add);
        set = Map.copyOf(set);
        remove = List.copyOf(remove);
    }

    static HeaderModifiers read(@Nullable EntryJson json) throws ChainException {
        if (json == null) {
            return NONE;
        }
        return new HeaderModifiers(json.textMap("Add"), json.textMap("Set"), json.texts("Remove"));
    }

    public boolean isEmpty() {
        return add.isEmpty() && set.isEmpty() && remove.isEmpty();
    }

    /**
     * {@code overrides} applied over {@code base}, as Consul merges a parent split's modifiers into the
     * child's when it flattens nested splitters: a name both set wins from {@code overrides}, removals
     * are the union.
     */
    static HeaderModifiers merge(HeaderModifiers base, HeaderModifiers overrides) {
        if (base.isEmpty()) {
            return overrides;
        }
        if (overrides.isEmpty()) {
            return base;
        }
        final Map<String, String> add = new LinkedHashMap<>(base.add);
        add.putAll(overrides.add);
        final Map<String, String> set = new LinkedHashMap<>(base.set);
        set.putAll(overrides.set);
        final List<String> remove = new ArrayList<>(overrides.remove);
        for (String name : base.remove) {
            if (!remove.contains(name)) {
                remove.add(name);
            }
        }
        return new HeaderModifiers(add, set, remove);
    }
}
