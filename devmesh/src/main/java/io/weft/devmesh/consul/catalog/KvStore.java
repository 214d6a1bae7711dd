package io.weft.devmesh.consul.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.weft.common.annotation.Nullable;

/**
 * Consul's KV store: keys in order, each with its value, flags and indexes, and a tombstone index per
 * deleted key so that a blocking query on a prefix wakes (and reports a higher index) when a key under
 * it goes away. Shares the catalog's index sequence; fires {@link Topic#KV}. Thread-safe.
 */
final class KvStore {
    private final AtomicLong index;
    private final Watches watches;

    private final Object lock = new Object();
    // Guarded by lock.
    private final TreeMap<String, KvEntry> entries = new TreeMap<>();
    private final TreeMap<String, Long> tombstones = new TreeMap<>();
    private long tableIndex;

    KvStore(AtomicLong index, Watches watches) {
        this.index = index;
        this.watches = watches;
    }

    /** {@code PUT /v1/kv/<key>}; false when {@code cas} does not hold (0: only if absent). */
    boolean put(String key, byte[] value, long flags, @Nullable Long cas) {
        synchronized (lock) {
            final KvEntry prev = entries.get(key);
            if (cas != null && !ConfigEntryStore.casHolds(cas, prev == null ? null : prev.modifyIndex())) {
                return false;
            }
            final long idx = index.incrementAndGet();
            entries.put(key, new KvEntry(key, value, flags, prev == null ? idx : prev.createIndex(), idx));
            tombstones.remove(key);
            tableIndex = idx;
        }
        watches.fire(List.of(Topic.KV));
        return true;
    }

    /**
     * {@code DELETE /v1/kv/<key>} (every key starting with it when {@code recurse}); false when
     * {@code cas} does not hold (a key that does not exist holds for no index but 0).
     */
    boolean delete(String key, boolean recurse, @Nullable Long cas) {
        synchronized (lock) {
            final List<String> doomed = new ArrayList<>();
            if (recurse) {
                doomed.addAll(prefixed(entries, key).keySet());
            } else {
                final KvEntry prev = entries.get(key);
                // Consul: a missing key is "deleted" whatever the index.
                if (cas != null && prev != null && prev.modifyIndex() != cas) {
                    return false;
                }
                if (prev != null) {
                    doomed.add(key);
                }
            }
            if (doomed.isEmpty()) {
                return true;
            }
            final long idx = index.incrementAndGet();
            for (String k : doomed) {
                entries.remove(k);
                tombstones.put(k, idx);
            }
            tableIndex = idx;
        }
        watches.fire(List.of(Topic.KV));
        return true;
    }

    /** One key; its ModifyIndex, or the table's index when absent. */
    QueryResult<Optional<KvEntry>> get(String key) {
        synchronized (lock) {
            final KvEntry e = entries.get(key);
            return new QueryResult<>(e == null ? tableIndex : e.modifyIndex(), Optional.ofNullable(e));
        }
    }

    /** Every key starting with {@code prefix}; the index is the highest of them and of their tombstones. */
    QueryResult<List<KvEntry>> list(String prefix) {
        synchronized (lock) {
            final List<KvEntry> out = new ArrayList<>(prefixed(entries, prefix).values());
            return new QueryResult<>(prefixIndex(prefix), out);
        }
    }

    /**
     * {@code ?keys}: the keys under {@code prefix}; with a {@code separator}, a key is cut after the first
     * separator following the prefix, and repeats are dropped (Consul's "folders").
     */
    QueryResult<List<String>> keys(String prefix, String separator) {
        synchronized (lock) {
            final Set<String> out = new LinkedHashSet<>();
            for (String k : prefixed(entries, prefix).keySet()) {
                final int at = separator.isEmpty() ? -1 : k.indexOf(separator, prefix.length());
                out.add(at < 0 ? k : k.substring(0, at + separator.length()));
            }
            return new QueryResult<>(prefixIndex(prefix), List.copyOf(out));
        }
    }

    // Guarded by lock.
    private long prefixIndex(String prefix) {
        long max = 0;
        for (KvEntry e : prefixed(entries, prefix).values()) {
            max = Math.max(max, e.modifyIndex());
        }
        for (long t : prefixed(tombstones, prefix).values()) {
            max = Math.max(max, t);
        }
        return max == 0 ? tableIndex : max;
    }

    private static <V> Map<String, V> prefixed(NavigableMap<String, V> map, String prefix) {
        if (prefix.isEmpty()) {
            return map;
        }
        return map.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }
}
