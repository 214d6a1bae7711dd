package io.weft.devmesh.consul.catalog;

import java.time.Clock;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.weft.common.annotation.Nullable;

/**
 * The agent's writes: services and their checks registered, deregistered, maintained and updated, each
 * under one lock, taking indexes by {@link ServiceIndexes}' rules. Writes that change nothing
 * (re-registering an identical service, a probe with the same status) take no index, so blocking queries
 * do not wake for them; check output alone changing is stored without one, like Consul's deferred
 * check-output sync. Every write ends by publishing a new {@link CatalogSnapshot} for the readers, and
 * returns the {@link Change} the caller acts on once the lock is released. Thread-safe.
 */
final class ServiceRegistry {
    private final HealthCheck serfHealth;
    private final ServiceInstance consulService;

    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<String, ServiceInstance> services = new TreeMap<>();
    private final CheckTable checks;
    private final ServiceIndexes indexes;
    /** Written under lock, read without it. */
    private volatile CatalogSnapshot snapshot;

    /** Takes the indexes of the node's serfHealth check and the server's own consul service. */
    ServiceRegistry(AtomicLong sequence, Clock clock) {
        indexes = new ServiceIndexes(sequence);
        checks = new CheckTable(clock);
        serfHealth = new HealthCheck(Catalog.SERF_HEALTH, "Serf Health Status", HealthStatus.PASSING, "",
                                     "Agent alive and reachable", "", "", List.of(), "", null,
                                     indexes.next(), indexes.current());
        consulService = new ServiceInstance(Catalog.CONSUL_SERVICE, Catalog.CONSUL_SERVICE, List.of(), "", null,
                                            8300, false, 1, 1, indexes.next(), indexes.current(), "", null);
        final Change ignored = new Change();
        indexes.nameChanged(Catalog.CONSUL_SERVICE, indexes.current(), ignored);
        indexes.servicesChanged(indexes.current());
        snapshot = freeze();
    }

    /** The current version; never blocks. */
    CatalogSnapshot snapshot() {
        return snapshot;
    }

    Change register(ServiceRegistration reg, boolean replaceExistingChecks) {
        final Change change = new Change();
        synchronized (lock) {
            final ServiceInstance prev = services.get(reg.id());
            long idx = 0;
            if (prev == null || !prev.sameAs(ServiceInstance.of(reg, 0, 0))) {
                idx = indexes.next();
                putService(reg, prev, idx, change);
            }
            idx = putChecks(reg, idx, change);
            if (replaceExistingChecks) {
                dropChecksNotIn(reg, idx, change);
            }
            snapshot = freeze();
        }
        return change;
    }

    /** 404 for an unknown ID, like Consul. */
    Change deregister(String serviceId) {
        final Change change = new Change();
        synchronized (lock) {
            final ServiceInstance removed = services.remove(serviceId);
            if (removed == null) {
                throw ConsulApiException.notFound(
                        "Unknown service ID " + GoStrings.quote(serviceId) +
                        ". Ensure that the service ID is passed, not the service name.");
            }
            final long idx = indexes.next();
            for (HealthCheck c : checks.ofService(serviceId)) {
                checks.remove(c.checkId());
                change.stopped.add(c.checkId());
            }
            indexes.servicesChanged(idx);
            change.touched.add(Topic.SERVICES);
            indexes.nameChanged(removed.name(), idx, change);
            if (!hasInstances(removed.name())) {
                indexes.extinct(idx);
            }
            snapshot = freeze();
        }
        return change;
    }

    /** A TTL check's pass/warn/fail/update: 404 for an unknown check, 500 for one without a TTL. */
    Change updateTtl(String checkId, String status, String output) {
        final Change change = new Change();
        synchronized (lock) {
            final HealthCheck check = Catalog.SERF_HEALTH.equals(checkId) ? serfHealth : checks.get(checkId);
            if (check == null) {
                throw ConsulApiException.notFound(
                        "Unknown check ID " + GoStrings.quote(checkId) +
                        ". Ensure that the check ID is passed, not the check name.");
            }
            if (check.definition() == null || !"ttl".equals(check.type())) {
                throw new ConsulApiException(500, "CheckID " + GoStrings.quote(checkId) +
                                                  " does not have associated TTL");
            }
            setStatus(check, status, output, change);
            snapshot = freeze();
        }
        return change;
    }

    /** A probe's result; ignored when the check is gone (a late result after deregistration). */
    Change reportCheck(String checkId, String status, String output) {
        final Change change = new Change();
        synchronized (lock) {
            final HealthCheck check = checks.get(checkId);
            if (check == null) {
                return change;
            }
            setStatus(check, status, output, change);
            snapshot = freeze();
        }
        return change;
    }

    Change maintenance(String serviceId, boolean enable, String reason) {
        final Change change = new Change();
        synchronized (lock) {
            final ServiceInstance svc = services.get(serviceId);
            if (svc == null) {
                throw ConsulApiException.notFound("No service registered with ID " + GoStrings.quote(serviceId));
            }
            final String checkId = Catalog.MAINTENANCE_PREFIX + serviceId;
            if (enable == checks.contains(checkId)) {
                return change;
            }
            final long idx = indexes.next();
            if (enable) {
                checks.put(new HealthCheck(
                        checkId, "Service Maintenance Mode", HealthStatus.CRITICAL,
                        reason.isEmpty() ? Catalog.DEFAULT_MAINTENANCE_REASON : reason, "", svc.id(), svc.name(),
                        svc.tags(), "maintenance", null, idx, idx));
            } else {
                checks.remove(checkId);
            }
            indexes.nameChanged(svc.name(), idx, change);
            snapshot = freeze();
        }
        return change;
    }

    /** The services with a check critical for longer than its {@code DeregisterCriticalServiceAfter}. */
    Set<String> criticalTooLong() {
        synchronized (lock) {
            return checks.servicesCriticalTooLong();
        }
    }

    // ---- guarded by lock ------------------------------------------------------------------------

    private void putService(ServiceRegistration reg, @Nullable ServiceInstance prev,
                            long idx, Change change) {
        services.put(reg.id(), ServiceInstance.of(reg, prev == null ? idx : prev.createIndex(), idx));
        indexes.servicesChanged(idx);
        indexes.nameChanged(reg.name(), idx, change);
        change.touched.add(Topic.SERVICES);
        if (prev != null && !prev.name().equals(reg.name())) {
            indexes.nameChanged(prev.name(), idx, change);
            if (!hasInstances(prev.name())) {
                indexes.extinct(idx);
            }
        }
        // Checks carry the service's name and tags: keep them in step.
        for (HealthCheck c : checks.ofService(reg.id())) {
            checks.put(new HealthCheck(c.checkId(), c.name(), c.status(), c.notes(), c.output(), reg.id(),
                                       reg.name(), reg.tags(), c.type(), c.definition(), c.createIndex(), idx));
        }
    }

    /** Adds or replaces the registration's checks; returns the write's index (0 while nothing changed). */
    private long putChecks(ServiceRegistration reg, long idx, Change change) {
        final int n = reg.checks().size();
        for (int i = 0; i < n; i++) {
            final CheckDefinition def = reg.checks().get(i);
            final String checkId = checkId(reg, def, i);
            final String name = def.name().isEmpty() ? "Service '" + reg.name() + "' check" : def.name();
            final HealthCheck existing = checks.get(checkId);
            if (existing != null && def.equals(existing.definition()) && existing.name().equals(name) &&
                existing.serviceId().equals(reg.id())) {
                continue;
            }
            // Like Consul, a re-registered check keeps its current status and output.
            final String status = existing != null ? existing.status()
                                                   : def.status().isEmpty() ? HealthStatus.CRITICAL : def.status();
            final String output = existing != null ? existing.output() : "";
            if (idx == 0) {
                idx = indexes.next();
            }
            final HealthCheck check = new HealthCheck(
                    checkId, name, status, def.notes(), output, reg.id(), reg.name(), reg.tags(),
                    def.type(), def, existing == null ? idx : existing.createIndex(), idx);
            checks.put(check);
            indexes.nameChanged(reg.name(), idx, change);
            change.started.add(check);
        }
        return idx;
    }

    /** {@code ?replace-existing-checks}: drops the service's checks the registration no longer lists. */
    private void dropChecksNotIn(ServiceRegistration reg, long idx, Change change) {
        final Set<String> keep = new HashSet<>();
        for (int i = 0; i < reg.checks().size(); i++) {
            keep.add(checkId(reg, reg.checks().get(i), i));
        }
        for (HealthCheck c : checks.ofService(reg.id())) {
            if (!keep.contains(c.checkId()) && !c.checkId().startsWith(Catalog.MAINTENANCE_PREFIX)) {
                if (idx == 0) {
                    idx = indexes.next();
                }
                checks.remove(c.checkId());
                indexes.nameChanged(reg.name(), idx, change);
                change.stopped.add(c.checkId());
            }
        }
    }

    private static String checkId(ServiceRegistration reg, CheckDefinition def, int i) {
        if (!def.checkId().isEmpty()) {
            return def.checkId();
        }
        return "service:" + reg.id() + (reg.checks().size() > 1 ? ":" + (i + 1) : "");
    }

    /** Only a status change takes an index; output alone is stored quietly. */
    private void setStatus(HealthCheck check, String status, String output, Change change) {
        if (check.status().equals(status)) {
            checks.put(check.withOutput(output));
            return;
        }
        final long idx = indexes.next();
        checks.put(check.withStatus(status, output, idx));
        indexes.nameChanged(check.serviceName(), idx, change);
    }

    private boolean hasInstances(String name) {
        return Catalog.CONSUL_SERVICE.equals(name) || services.values().stream().anyMatch(s -> s.name().equals(name));
    }

    private CatalogSnapshot freeze() {
        return new CatalogSnapshot(Collections.unmodifiableSortedMap(new TreeMap<>(services)), checks.copy(),
                                   indexes.view(), serfHealth, consulService);
    }
}
