package io.weft.devmesh.consul.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.weft.common.annotation.Nullable;

/**
 * The config entries other than {@code service-intentions} (which {@link IntentionTable} keeps), as
 * JSON trees with Consul's field names plus {@code CreateIndex}/{@code ModifyIndex}. A write is checked
 * on its own ({@link ConfigEntryValidation}) and then, like Consul's state store, against the graph it
 * would make: a service with a router or splitter, and the destination of a {@code service-intentions} entry
 * with L7 {@code Permissions}, must speak an L7 protocol. Shares the catalog's index
 * sequence; all kinds share one table index, as in Consul. Fires {@link Topic#CONFIG_ENTRIES}. Thread-safe.
 */
final class ConfigEntryStore {
    /** The protocols whose discovery chain may route and split (Consul's {@code enableAdvancedRoutingForProtocol}). */
    private static final Set<String> L7 = Set.of("http", "http2", "grpc");

    private final AtomicLong index;
    private final AtomicLong tableIndex;
    private final Watches watches;
    private final IntentionTable intentions;

    private final Object lock = new Object();
    // Guarded by lock: kind → name → entry.
    private final Map<String, TreeMap<String, ObjectNode>> entries = new HashMap<>();

    ConfigEntryStore(AtomicLong index, AtomicLong tableIndex, Watches watches, IntentionTable intentions) {
        this.index = index;
        this.tableIndex = tableIndex;
        this.watches = watches;
        this.intentions = intentions;
    }

    /**
     * {@code ?cas}: absent always holds; 0 holds when no entry exists; otherwise it must be the
     * entry's ModifyIndex.
     */
    static boolean casHolds(@Nullable Long cas, @Nullable Long modifyIndex) {
        if (cas == null) {
            return true;
        }
        return cas == 0 ? modifyIndex == null : modifyIndex != null && modifyIndex.longValue() == cas;
    }

    /** Validates and stores {@code entry} (its Kind already known); false when {@code cas} does not hold. */
    boolean apply(ObjectNode entry, @Nullable Long cas) {
        final ObjectNode e = entry.deepCopy();
        e.remove(List.of("CreateIndex", "ModifyIndex"));
        ConfigEntryValidation.normalizeAndValidate(e);
        final String kind = e.get("Kind").asText();
        final String name = e.get("Name").asText();
        synchronized (lock) {
            if (IntentionTable.KIND.equals(kind)) {
                // as Consul: the cas first, then the graph; the table checks the cas again as it writes
                final Optional<ObjectNode> current = intentions.entry(name).value();
                if (!casHolds(cas, current.map(c -> c.get("ModifyIndex").asLong()).orElse(null))) {
                    return false;
                }
                checkL7Intentions(entries, List.of(e));
                return intentions.putEntry(e, cas);
            }
            final ObjectNode prev = entries.getOrDefault(kind, new TreeMap<>()).get(name);
            if (!casHolds(cas, prev == null ? null : prev.get("ModifyIndex").asLong())) {
                return false;
            }
            checkGraph(kind, name, e);
            final long idx = index.incrementAndGet();
            e.put("CreateIndex", prev == null ? idx : prev.get("CreateIndex").asLong());
            e.put("ModifyIndex", idx);
            entries.computeIfAbsent(kind, k -> new TreeMap<>()).put(name, e);
            tableIndex.set(idx);
        }
        watches.fire(List.of(Topic.CONFIG_ENTRIES));
        return true;
    }

    /** Deletes an entry (a no-op when absent); false when {@code cas} does not hold. */
    boolean delete(String kind, String name, @Nullable Long cas) {
        if (IntentionTable.KIND.equals(kind)) {
            return intentions.deleteEntry(name, cas);
        }
        synchronized (lock) {
            final ObjectNode prev = entries.getOrDefault(kind, new TreeMap<>()).get(name);
            if (cas != null && (prev == null || !casHolds(cas, prev.get("ModifyIndex").asLong()))) {
                return false;
            }
            if (prev == null) {
                return true;
            }
            checkGraph(kind, name, null);
            entries.get(kind).remove(name);
            tableIndex.set(index.incrementAndGet());
        }
        watches.fire(List.of(Topic.CONFIG_ENTRIES));
        return true;
    }

    QueryResult<Optional<ObjectNode>> get(String kind, String name) {
        if (IntentionTable.KIND.equals(kind)) {
            return intentions.entry(name);
        }
        synchronized (lock) {
            final ObjectNode e = entries.getOrDefault(kind, new TreeMap<>()).get(name);
            return new QueryResult<>(tableIndex.get(), Optional.ofNullable(e).map(ObjectNode::deepCopy));
        }
    }

    QueryResult<List<ObjectNode>> list(String kind) {
        if (IntentionTable.KIND.equals(kind)) {
            return intentions.entries();
        }
        synchronized (lock) {
            final List<ObjectNode> out = new ArrayList<>();
            entries.getOrDefault(kind, new TreeMap<>()).values().forEach(e -> out.add(e.deepCopy()));
            return new QueryResult<>(tableIndex.get(), out);
        }
    }

    /**
     * Consul's discovery-chain check of the graph after the write ({@code replacement} null for a
     * delete): every service with a router or splitter must have an L7 protocol, and so must every
     * destination of L7 intentions (a service-defaults or proxy-defaults change may break those too).
     */
    private void checkGraph(String kind, String name, @Nullable ObjectNode replacement) {
        final Map<String, TreeMap<String, ObjectNode>> after = new HashMap<>();
        entries.forEach((k, v) -> after.put(k, new TreeMap<>(v)));
        if (replacement == null) {
            after.getOrDefault(kind, new TreeMap<>()).remove(name);
        } else {
            after.computeIfAbsent(kind, k -> new TreeMap<>()).put(name, replacement);
        }
        final TreeMap<String, ObjectNode> routed = new TreeMap<>(after.getOrDefault("service-router", new TreeMap<>()));
        routed.putAll(after.getOrDefault("service-splitter", new TreeMap<>()));
        for (String service : routed.keySet()) {
            final String protocol = protocol(after, service);
            if (!L7.contains(protocol)) {
                throw new ConsulApiException(500, "discovery chain " + GoStrings.quote(service) + " uses a protocol " +
                                                  GoStrings.quote(protocol) +
                                                  " that does not permit advanced routing or splitting behavior");
            }
        }
        checkL7Intentions(after, intentions.entries().value());
    }

    /**
     * Consul's rule for {@code service-intentions} entries with {@code Permissions} on any source (a wildcard
     * destination excepted): the destination's protocol must be HTTP-like, since only an L7 proxy can match a
     * request's path, method or headers.
     */
    private static void checkL7Intentions(Map<String, TreeMap<String, ObjectNode>> state, List<ObjectNode> ixns) {
        for (ObjectNode ixn : ixns) {
            final String destination = ixn.path("Name").asText();
            if ("*".equals(destination) || !hasPermissions(ixn)) {
                continue;
            }
            final String protocol = protocol(state, destination);
            if (!L7.contains(protocol)) {
                throw new ConsulApiException(500, "service " + GoStrings.quote(destination) + " has protocol " +
                                                  GoStrings.quote(protocol) +
                                                  ", which is incompatible with L7 intentions permissions");
            }
        }
    }

    private static boolean hasPermissions(ObjectNode ixn) {
        for (com.fasterxml.jackson.databind.JsonNode source : ixn.path("Sources")) {
            if (source.path("Permissions").size() > 0) {
                return true;
            }
        }
        return false;
    }

    /** service-defaults' Protocol, else proxy-defaults' Config.protocol, else tcp. */
    private static String protocol(Map<String, TreeMap<String, ObjectNode>> state, String service) {
        final ObjectNode defaults = state.getOrDefault("service-defaults", new TreeMap<>()).get(service);
        if (defaults != null && !defaults.path("Protocol").asText("").isEmpty()) {
            return defaults.get("Protocol").asText();
        }
        final ObjectNode proxy = state.getOrDefault("proxy-defaults", new TreeMap<>()).get(ConfigEntryValidation.GLOBAL);
        if (proxy != null && !proxy.path("Config").path("protocol").asText("").isEmpty()) {
            return proxy.get("Config").get("protocol").asText().toLowerCase(java.util.Locale.ROOT);
        }
        return "tcp";
    }
}
