package io.weft.devmesh.consul.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.weft.common.annotation.Nullable;

/**
 * The agent's checks by ID, and since when each critical one has been critical, which is what
 * {@code DeregisterCriticalServiceAfter} is measured from. Not thread-safe: {@link ServiceRegistry}
 * guards it.
 */
final class CheckTable {
    private final Clock clock;
    private final Map<String, HealthCheck> checks = new TreeMap<>();
    private final Map<String, Instant> criticalSince = new HashMap<>();

    CheckTable(Clock clock) {
        this.clock = clock;
    }

    @Nullable
    HealthCheck get(String checkId) {
        return checks.get(checkId);
    }

    boolean contains(String checkId) {
        return checks.containsKey(checkId);
    }

    /** The checks of one service instance, by ID. */
    List<HealthCheck> ofService(String serviceId) {
        return checks.values().stream().filter(c -> c.serviceId().equals(serviceId)).toList();
    }

    /** Adds or replaces {@code check}; a check turning critical starts its critical clock. */
    void put(HealthCheck check) {
        checks.put(check.checkId(), check);
        if (HealthStatus.CRITICAL.equals(check.status())) {
            criticalSince.putIfAbsent(check.checkId(), clock.instant());
        } else {
            criticalSince.remove(check.checkId());
        }
    }

    void remove(String checkId) {
        checks.remove(checkId);
        criticalSince.remove(checkId);
    }

    /** The services with a check critical for longer than its {@code DeregisterCriticalServiceAfter}. */
    Set<String> servicesCriticalTooLong() {
        final Instant now = clock.instant();
        final Set<String> doomed = new LinkedHashSet<>();
        for (HealthCheck c : checks.values()) {
            final CheckDefinition def = c.definition();
            final Instant since = criticalSince.get(c.checkId());
            if (def == null || since == null || def.deregisterCriticalServiceAfter().isZero()) {
                continue;
            }
            if (!since.plus(def.deregisterCriticalServiceAfter()).isAfter(now)) {
                doomed.add(c.serviceId());
            }
        }
        return doomed;
    }

    /** An immutable copy, for a snapshot. */
    SortedMap<String, HealthCheck> copy() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(checks));
    }
}
