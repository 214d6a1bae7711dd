package io.weft.devmesh.consul.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The intentions, keyed by (source, destination) as Consul 1.9+ keys them, with legacy IDs for
 * those created through {@code POST /v1/connect/intentions}. Shares the catalog's index sequence
 * and fires {@link Topic#INTENTIONS}. Thread-safe.
 */
final class IntentionTable {
    private static final Comparator<Intention> PRECEDENCE_ORDER =
            Comparator.comparingInt(Intention::precedence).reversed()
                      .thenComparing(Intention::sourceName)
                      .thenComparing(Intention::destinationName);

    private final AtomicLong index;
    private final Clock clock;
    private final Watches watches;

    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<String, Intention> intentions = new TreeMap<>();
    private long tableIndex;

    IntentionTable(AtomicLong index, Clock clock, Watches watches) {
        this.index = index;
        this.clock = clock;
        this.watches = watches;
        tableIndex = index.get();
    }

    void upsert(String source, String destination, String action, String description) {
        validate(source, destination, action);
        synchronized (lock) {
            final String key = key(source, destination);
            final Intention prev = intentions.get(key);
            final long idx = index.incrementAndGet();
            final Instant now = clock.instant();
            intentions.put(key, new Intention(
                    prev == null ? null : prev.id(), source, destination, action, description,
                    prev == null ? Map.of() : prev.meta(),
                    prev == null ? null : prev.createdAt(), prev == null || prev.id() == null ? null : now,
                    prev == null ? idx : prev.createIndex(), idx));
            tableIndex = idx;
        }
        watches.fire(List.of(Topic.INTENTIONS));
    }

    String create(String source, String destination, String action, String description,
                  Map<String, String> meta) {
        validate(source, destination, action);
        final String id;
        synchronized (lock) {
            final String key = key(source, destination);
            final Intention prev = intentions.get(key);
            if (prev != null) {
                throw new ConsulApiException(500, "duplicate intention found: " + describe(prev));
            }
            final long idx = index.incrementAndGet();
            final Instant now = clock.instant();
            id = UUID.randomUUID().toString();
            intentions.put(key, new Intention(id, source, destination, action, description, meta,
                                              now, now, idx, idx));
            tableIndex = idx;
        }
        watches.fire(List.of(Topic.INTENTIONS));
        return id;
    }

    void delete(String source, String destination) {
        synchronized (lock) {
            if (intentions.remove(key(source, destination)) == null) {
                return;
            }
            tableIndex = index.incrementAndGet();
        }
        watches.fire(List.of(Topic.INTENTIONS));
    }

    void deleteById(String id) {
        synchronized (lock) {
            final Intention found = byId(id);
            intentions.remove(key(found.sourceName(), found.destinationName()));
            tableIndex = index.incrementAndGet();
        }
        watches.fire(List.of(Topic.INTENTIONS));
    }

    QueryResult<List<Intention>> list() {
        synchronized (lock) {
            final List<Intention> list = new ArrayList<>(intentions.values());
            list.sort(PRECEDENCE_ORDER);
            return new QueryResult<>(tableIndex, list);
        }
    }

    QueryResult<Intention> get(String source, String destination) {
        synchronized (lock) {
            final Intention found = intentions.get(key(source, destination));
            if (found == null) {
                throw ConsulApiException.notFound("Intention not found");
            }
            return new QueryResult<>(tableIndex, found);
        }
    }

    QueryResult<Intention> getById(String id) {
        synchronized (lock) {
            return new QueryResult<>(tableIndex, byId(id));
        }
    }

    private Intention byId(String id) {
        for (Intention i : intentions.values()) {
            if (id.equals(i.id())) {
                return i;
            }
        }
        throw ConsulApiException.notFound("Intention not found");
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

    private static String key(String source, String destination) {
        return source + '\u0000' + destination;
    }

    /** Consul's {@code Intention.String()}, as its duplicate error quotes it. */
    private static String describe(Intention i) {
        return "default/" + i.sourceName() + " => default/" + i.destinationName() +
               (i.id() == null ? " (" : " (ID: " + i.id() + ", ") + "Precedence: " + i.precedence() +
               ", Action: " + i.action().toUpperCase(Locale.ROOT) + ")";
    }
}
