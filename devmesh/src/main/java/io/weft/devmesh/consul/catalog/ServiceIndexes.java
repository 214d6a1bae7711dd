package io.weft.devmesh.consul.catalog;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The blocking-query bookkeeping of the services and their checks, by Consul's rules: every real write
 * takes the next index of the one sequence (shared with the intentions); a read reports the highest
 * index of what it read: the services table, or one service name, whose index is its last change or,
 * for a name never seen, the last time a service name lost its last instance (the "extinction" index).
 * Not thread-safe: {@link ServiceRegistry} guards it; readers get an immutable {@link View}.
 */
final class ServiceIndexes {
    private final AtomicLong sequence;
    private final Map<String, Long> names = new HashMap<>();
    private long services;
    private long extinction;

    ServiceIndexes(AtomicLong sequence) {
        this.sequence = sequence;
    }

    /** The next index of the shared sequence, for a real write. */
    long next() {
        return sequence.incrementAndGet();
    }

    /** The last index taken, for what the catalog starts with. */
    long current() {
        return sequence.get();
    }

    /** The set of services (an instance added, removed or changed) changed at {@code index}. */
    void servicesChanged(long index) {
        services = index;
    }

    /** The instances or checks of {@code name} changed at {@code index}; its watchers must wake. */
    void nameChanged(String name, long index, Change change) {
        names.put(name, index);
        change.touched.add(Topic.service(name));
    }

    /** The last instance of a service name went away at {@code index}. */
    void extinct(long index) {
        extinction = index;
    }

    View view() {
        return new View(services, extinction, Map.copyOf(names));
    }

    /** The indexes as of one snapshot. */
    record View(long services, long extinction, Map<String, Long> names) {

        /** The index a read of {@code name}'s instances or health reports. */
        long of(String name) {
            final Long idx = names.get(name);
            if (idx != null) {
                return idx;
            }
            // Never-seen names report the last extinction (or the services table), as Consul does.
            return extinction > 0 ? extinction : services;
        }
    }
}
