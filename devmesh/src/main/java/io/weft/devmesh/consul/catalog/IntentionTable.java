package io.weft.devmesh.consul.catalog;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.weft.common.annotation.Nullable;

/**
 * The {@code service-intentions} config entries, one per destination, which are also what the
 * legacy intentions API reads and writes (as in Consul 1.9+: {@code PUT .../exact} and
 * {@code POST /v1/connect/intentions} add a source to the destination's entry, deleting the last
 * source deletes the entry). Shares the catalog's index sequence and the config entries' table index;
 * fires {@link Topic#INTENTIONS} and {@link Topic#CONFIG_ENTRIES}. Thread-safe.
 */
final class IntentionTable {
    static final String KIND = "service-intentions";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Comparator<Intention> PRECEDENCE_ORDER =
            Comparator.comparingInt(Intention::precedence).reversed()
                      .thenComparing(Intention::sourceName)
                      .thenComparing(Intention::destinationName);

    /** One destination's entry; sources keyed by source name, in the order written. */
    private record Entry(String name, Map<String, String> meta, Map<String, Intention> sources,
                         long createIndex, long modifyIndex) {}

    private final AtomicLong index;
    private final AtomicLong configTableIndex;
    private final Clock clock;
    private final Watches watches;

    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<String, Entry> entries = new TreeMap<>();

    IntentionTable(AtomicLong index, AtomicLong configTableIndex, Clock clock, Watches watches) {
        this.index = index;
        this.configTableIndex = configTableIndex;
        this.clock = clock;
        this.watches = watches;
    }

    /** {@code PUT /v1/connect/intentions/exact}; Meta only as the enclosing entry already has it. */
    void upsert(String source, String destination, String action, String description, Map<String, String> meta) {
        validate(source, destination, action);
        synchronized (lock) {
            final Entry prev = entries.get(destination);
            if (!meta.isEmpty()) {
                if (prev == null) {
                    throw new ConsulApiException(500, "Meta must not be specified");
                }
                if (!prev.meta().equals(meta)) {
                    throw new ConsulApiException(
                            500, "Meta must not be specified, or should be unchanged during an update.");
                }
            }
            final Map<String, Intention> sources = prev == null ? new LinkedHashMap<>()
                                                                : new LinkedHashMap<>(prev.sources());
            final Intention old = sources.get(source);
            final boolean legacy = old != null && old.id() != null;
            sources.put(source, new Intention(
                    legacy ? old.id() : null, source, destination, action, description,
                    legacy ? old.meta() : Map.of(), legacy ? old.createdAt() : null,
                    legacy ? clock.instant() : null, 0, 0, null));
            write(destination, prev == null ? Map.of() : prev.meta(), sources, prev);
        }
        fire();
    }

    /** Legacy {@code POST /v1/connect/intentions}: a new source with an ID; 500 when one exists. */
    String create(String source, String destination, String action, String description,
                  Map<String, String> meta) {
        validate(source, destination, action);
        final String id = UUID.randomUUID().toString();
        synchronized (lock) {
            final Entry prev = entries.get(destination);
            final Map<String, Intention> sources = prev == null ? new LinkedHashMap<>()
                                                                : new LinkedHashMap<>(prev.sources());
            final Intention old = sources.get(source);
            if (old != null) {
                throw new ConsulApiException(500, "duplicate intention found: " + describe(old));
            }
            final Instant now = clock.instant();
            sources.put(source, new Intention(id, source, destination, action, description, meta, now, now, 0, 0,
                                              null));
            write(destination, prev == null ? Map.of() : prev.meta(), sources, prev);
        }
        fire();
        return id;
    }

    void delete(String source, String destination) {
        synchronized (lock) {
            final Entry prev = entries.get(destination);
            if (prev == null || !prev.sources().containsKey(source)) {
                return;
            }
            final Map<String, Intention> sources = new LinkedHashMap<>(prev.sources());
            sources.remove(source);
            write(destination, prev.meta(), sources, prev);
        }
        fire();
    }

    void deleteById(String id) {
        synchronized (lock) {
            final Intention found = byId(id);
            final Entry prev = entries.get(found.destinationName());
            final Map<String, Intention> sources = new LinkedHashMap<>(prev.sources());
            sources.remove(found.sourceName());
            write(found.destinationName(), prev.meta(), sources, prev);
        }
        fire();
    }

    // ---- the config entry API ----------------------------------------------------------------

    /** {@code PUT /v1/config} of a validated service-intentions entry; false when {@code cas} does not hold. */
    boolean putEntry(ObjectNode entry, @Nullable Long cas) {
        final String name = entry.path("Name").asText();
        synchronized (lock) {
            final Entry prev = entries.get(name);
            if (!ConfigEntryStore.casHolds(cas, prev == null ? null : prev.modifyIndex())) {
                return false;
            }
            final Map<String, Intention> sources = new LinkedHashMap<>();
            for (JsonNode s : entry.path("Sources")) {
                final String source = s.path("Name").asText();
                final Intention old = prev == null ? null : prev.sources().get(source);
                final boolean legacy = old != null && old.id() != null;
                final JsonNode permissions = s.get("Permissions");
                sources.put(source, new Intention(
                        legacy ? old.id() : null, source, name, s.path("Action").asText(""),
                        s.path("Description").asText(""), legacy ? old.meta() : Map.of(),
                        legacy ? old.createdAt() : null, legacy ? clock.instant() : null, 0, 0,
                        permissions == null || permissions.isNull() || permissions.isEmpty() ? null
                                                                                            : permissions.deepCopy()));
            }
            write(name, stringMap(entry.get("Meta")), sources, prev, true);
        }
        fire();
        return true;
    }

    /** {@code DELETE /v1/config/service-intentions/<name>}; false when {@code cas} does not hold. */
    boolean deleteEntry(String name, @Nullable Long cas) {
        synchronized (lock) {
            final Entry prev = entries.get(name);
            if (!ConfigEntryStore.casHolds(cas, prev == null ? null : prev.modifyIndex()) || cas != null && prev == null) {
                return false;
            }
            if (prev == null) {
                return true;
            }
            entries.remove(name);
            configTableIndex.set(index.incrementAndGet());
        }
        fire();
        return true;
    }

    QueryResult<Optional<ObjectNode>> entry(String name) {
        synchronized (lock) {
            final Entry e = entries.get(name);
            return new QueryResult<>(configTableIndex.get(), Optional.ofNullable(e).map(IntentionTable::render));
        }
    }

    QueryResult<List<ObjectNode>> entries() {
        synchronized (lock) {
            return new QueryResult<>(configTableIndex.get(), entries.values().stream().map(IntentionTable::render).toList());
        }
    }

    // ---- reads of the legacy API -----------------------------------------------------------------

    QueryResult<List<Intention>> list() {
        synchronized (lock) {
            final List<Intention> list = new ArrayList<>();
            entries.values().forEach(e -> list.addAll(e.sources().values()));
            list.sort(PRECEDENCE_ORDER);
            return new QueryResult<>(configTableIndex.get(), list);
        }
    }

    QueryResult<Intention> get(String source, String destination) {
        synchronized (lock) {
            final Entry e = entries.get(destination);
            final Intention found = e == null ? null : e.sources().get(source);
            if (found == null) {
                throw ConsulApiException.notFound("Intention not found");
            }
            return new QueryResult<>(configTableIndex.get(), found);
        }
    }

    QueryResult<Intention> getById(String id) {
        synchronized (lock) {
            return new QueryResult<>(configTableIndex.get(), byId(id));
        }
    }

    // ---- guarded by lock ------------------------------------------------------------------------

    /** Replaces a destination's entry (dropping it when no source is left), stamping the new index. */
    private void write(String destination, Map<String, String> meta, Map<String, Intention> sources,
                       @Nullable Entry prev) {
        write(destination, meta, sources, prev, false);
    }

    private void write(String destination, Map<String, String> meta, Map<String, Intention> sources,
                       @Nullable Entry prev, boolean keepEmpty) {
        final long idx = index.incrementAndGet();
        configTableIndex.set(idx);
        if (sources.isEmpty() && !keepEmpty) {
            entries.remove(destination);
            return;
        }
        final long createIndex = prev == null ? idx : prev.createIndex();
        final Map<String, Intention> stamped = new LinkedHashMap<>();
        for (Intention i : sources.values()) {
            stamped.put(i.sourceName(), new Intention(
                    i.id(), i.sourceName(), destination, i.action(), i.description(),
                    i.id() != null ? i.meta() : meta, i.createdAt(), i.updatedAt(), createIndex, idx,
                    i.permissions()));
        }
        entries.put(destination, new Entry(destination, Map.copyOf(meta), stamped, createIndex, idx));
    }

    private Intention byId(String id) {
        for (Entry e : entries.values()) {
            for (Intention i : e.sources().values()) {
                if (id.equals(i.id())) {
                    return i;
                }
            }
        }
        throw ConsulApiException.notFound("Intention not found");
    }

    private void fire() {
        watches.fire(List.of(Topic.INTENTIONS, Topic.CONFIG_ENTRIES));
    }

    /** The entry as {@code GET /v1/config/service-intentions/<name>} shows it. */
    private static ObjectNode render(Entry e) {
        final ObjectNode o = F.objectNode();
        o.put("Kind", KIND);
        o.put("Name", e.name());
        final ArrayNode sources = o.putArray("Sources");
        for (Intention i : e.sources().values()) {
            final ObjectNode s = sources.addObject();
            s.put("Name", i.sourceName());
            if (!i.action().isEmpty()) {
                s.put("Action", i.action());
            }
            if (i.permissions() != null) {
                s.set("Permissions", i.permissions().deepCopy());
            }
            s.put("Precedence", i.precedence());
            s.put("Type", "consul");
            if (!i.description().isEmpty()) {
                s.put("Description", i.description());
            }
            if (i.id() != null) {
                s.put("LegacyID", i.id());
                if (!i.meta().isEmpty()) {
                    final ObjectNode m = s.putObject("LegacyMeta");
                    i.meta().forEach(m::put);
                }
                s.put("LegacyCreateTime", DateTimeFormatter.ISO_INSTANT.format(i.createdAt()));
                s.put("LegacyUpdateTime", DateTimeFormatter.ISO_INSTANT.format(i.updatedAt()));
            }
        }
        if (!e.meta().isEmpty()) {
            final ObjectNode m = o.putObject("Meta");
            new TreeMap<>(e.meta()).forEach(m::put);
        }
        o.put("CreateIndex", e.createIndex());
        o.put("ModifyIndex", e.modifyIndex());
        return o;
    }

    private static Map<String, String> stringMap(@Nullable JsonNode node) {
        final Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        }
        return out;
    }

    private static void validate(String source, String destination, String action) {
        checkName("source", source);
        checkName("destination", destination);
        if (!"allow".equals(action) && !"deny".equals(action)) {
            throw ConsulApiException.badRequest("Action must be set to 'allow' or 'deny'");
        }
    }

    private static void checkName(String what, String name) {
        if (name.isEmpty()) {
            throw ConsulApiException.badRequest("required query parameter '" + what + "' not set");
        }
        if (!Intention.WILDCARD.equals(name) && name.contains(Intention.WILDCARD)) {
            throw ConsulApiException.badRequest(
                    what + " " + GoStrings.quote(name) + " is invalid: wildcard character '*' " +
                    "cannot be used with partial values");
        }
    }

    /** Consul's {@code Intention.String()}, as its duplicate error quotes it. */
    private static String describe(Intention i) {
        return "default/" + i.sourceName() + " => default/" + i.destinationName() +
               (i.id() == null ? " (" : " (ID: " + i.id() + ", ") + "Precedence: " + i.precedence() +
               ", Action: " + i.action().toUpperCase(Locale.ROOT) + ")";
    }
}
