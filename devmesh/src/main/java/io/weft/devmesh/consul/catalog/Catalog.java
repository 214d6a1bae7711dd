package io.weft.devmesh.consul.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.weft.common.annotation.Nullable;

/**
 * The stand-in's state store: the agent's node, the services and checks registered with it, and
 * intentions. Thread-safe: every method takes one lock for a short, non-blocking critical section.
 *
 * <p>Indexes follow Consul's rules: every real write takes the next index; a read reports the
 * highest index of what it read (the services table, one service name, the intentions), never
 * below 1. Writes that change nothing (re-registering an identical service, a check probe with the
 * same status) take no index, so blocking queries do not wake for them. Check output alone changing
 * is stored but takes no index, like Consul's deferred check-output sync.
 */
public final class Catalog {
    public static final String SERF_HEALTH = "serfHealth";
    public static final String MAINTENANCE_PREFIX = "_service_maintenance:";
    static final String DEFAULT_MAINTENANCE_REASON =
            "Maintenance mode is enabled for this service, but no reason was provided. " +
            "This is a default message.";
    /** The service a Consul server registers for itself; listed in the catalog, not by the agent. */
    public static final String CONSUL_SERVICE = "consul";

    private final NodeInfo node;
    private final Clock clock;
    private final Watches watches = new Watches();
    private volatile CheckLifecycle lifecycle = CheckLifecycle.NONE;

    /** The raft-like index sequence shared by every table; only ever incremented. */
    private final AtomicLong index = new AtomicLong(10);
    private final IntentionTable intentionTable;

    private final Object lock = new Object();
    // All below guarded by lock.
    private final long nodeIndex;
    private final HealthCheck serfHealth;
    private final ServiceInstance consulService;
    private final Map<String, ServiceInstance> services = new TreeMap<>();
    private final Map<String, HealthCheck> checks = new TreeMap<>();
    private final Map<String, Instant> criticalSince = new HashMap<>();
    private final Map<String, Long> nameIndexes = new HashMap<>();
    private long servicesIndex;
    private long extinctionIndex;

    public Catalog(NodeInfo node, Clock clock) {
        this.node = requireNonNull(node, "node");
        this.clock = requireNonNull(clock, "clock");
        nodeIndex = index.incrementAndGet();
        serfHealth = new HealthCheck(SERF_HEALTH, "Serf Health Status", HealthStatus.PASSING, "",
                                     "Agent alive and reachable", "", "", List.of(), "", null,
                                     index.incrementAndGet(), index.get());
        consulService = new ServiceInstance(CONSUL_SERVICE, CONSUL_SERVICE, List.of(), "", null, 8300,
                                            false, 1, 1, index.incrementAndGet(), index.get());
        nameIndexes.put(CONSUL_SERVICE, index.get());
        servicesIndex = index.get();
        intentionTable = new IntentionTable(index, clock, watches);
    }

    /** Sets who runs checks; call once, before the catalog is shared. */
    public void lifecycle(CheckLifecycle lifecycle) {
        this.lifecycle = requireNonNull(lifecycle, "lifecycle");
    }

    public NodeInfo node() {
        return node;
    }

    public long nodeIndex() {
        return nodeIndex;
    }

    /**
     * Calls {@code listener} once, on the writing thread, the next time {@code topic} changes.
     * Returns a handle that unsubscribes. Subscribe before reading to never miss a change.
     */
    public Runnable watch(Topic topic, Runnable listener) {
        return watches.subscribe(requireNonNull(topic, "topic"), requireNonNull(listener, "listener"));
    }

    /** Number of pending blocking-query listeners (for tests). */
    public int pendingWatches() {
        return watches.size();
    }

    // ---- agent writes -------------------------------------------------------------------------

    /** {@code PUT /v1/agent/service/register}. */
    public void register(ServiceRegistration reg, boolean replaceExistingChecks) {
        requireNonNull(reg, "reg");
        final List<HealthCheck> started = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final Set<Topic> touched = new HashSet<>();
        synchronized (lock) {
            final ServiceInstance prev = services.get(reg.id());
            final ServiceInstance candidate = ServiceInstance.of(reg, 0, 0);
            long idx = 0;
            if (prev == null || !prev.sameAs(candidate)) {
                idx = index.incrementAndGet();
                services.put(reg.id(), ServiceInstance.of(reg, prev == null ? idx : prev.createIndex(), idx));
                servicesIndex = idx;
                touchName(reg.name(), idx, touched);
                touched.add(Topic.SERVICES);
                if (prev != null && !prev.name().equals(reg.name())) {
                    touchName(prev.name(), idx, touched);
                    if (instancesOf(prev.name()).isEmpty()) {
                        extinctionIndex = idx;
                    }
                }
                // Checks carry the service's name and tags: keep them in step.
                for (HealthCheck c : List.copyOf(checks.values())) {
                    if (c.serviceId().equals(reg.id())) {
                        checks.put(c.checkId(), new HealthCheck(
                                c.checkId(), c.name(), c.status(), c.notes(), c.output(), reg.id(), reg.name(),
                                reg.tags(), c.type(), c.definition(), c.createIndex(), idx));
                    }
                }
            }
            final Set<String> keep = new HashSet<>();
            final int n = reg.checks().size();
            for (int i = 0; i < n; i++) {
                final CheckDefinition def = reg.checks().get(i);
                String checkId = def.checkId();
                if (checkId.isEmpty()) {
                    checkId = "service:" + reg.id() + (n > 1 ? ":" + (i + 1) : "");
                }
                keep.add(checkId);
                final String name = def.name().isEmpty() ? "Service '" + reg.name() + "' check" : def.name();
                final HealthCheck existing = checks.get(checkId);
                // Like Consul, a re-registered check keeps its current status and output.
                final String status = existing != null ? existing.status()
                                                       : def.status().isEmpty() ? HealthStatus.CRITICAL
                                                                                : def.status();
                final String output = existing != null ? existing.output() : "";
                if (existing != null && existing.definition() != null && existing.definition().equals(def) &&
                    existing.name().equals(name) && existing.serviceId().equals(reg.id())) {
                    continue;
                }
                if (idx == 0) {
                    idx = index.incrementAndGet();
                }
                final HealthCheck check = new HealthCheck(
                        checkId, name, status, def.notes(), output, reg.id(), reg.name(), reg.tags(),
                        def.type(), def, existing == null ? idx : existing.createIndex(), idx);
                checks.put(checkId, check);
                trackCritical(check);
                touchName(reg.name(), idx, touched);
                started.add(check);
            }
            if (replaceExistingChecks) {
                for (HealthCheck c : List.copyOf(checks.values())) {
                    if (c.serviceId().equals(reg.id()) && !keep.contains(c.checkId()) &&
                        !c.checkId().startsWith(MAINTENANCE_PREFIX)) {
                        if (idx == 0) {
                            idx = index.incrementAndGet();
                        }
                        removeCheckLocked(c.checkId());
                        touchName(reg.name(), idx, touched);
                        stopped.add(c.checkId());
                    }
                }
            }
        }
        afterWrite(touched, started, stopped);
    }

    /** {@code PUT /v1/agent/service/deregister/:id}; 404 for an unknown ID, like Consul. */
    public void deregister(String serviceId) {
        requireNonNull(serviceId, "serviceId");
        final List<String> stopped = new ArrayList<>();
        final Set<Topic> touched = new HashSet<>();
        synchronized (lock) {
            final ServiceInstance removed = services.remove(serviceId);
            if (removed == null) {
                throw ConsulApiException.notFound(
                        "Unknown service ID " + GoStrings.quote(serviceId) +
                        ". Ensure that the service ID is passed, not the service name.");
            }
            final long idx = index.incrementAndGet();
            for (HealthCheck c : List.copyOf(checks.values())) {
                if (c.serviceId().equals(serviceId)) {
                    removeCheckLocked(c.checkId());
                    stopped.add(c.checkId());
                }
            }
            servicesIndex = idx;
            touched.add(Topic.SERVICES);
            touchName(removed.name(), idx, touched);
            if (instancesOf(removed.name()).isEmpty()) {
                extinctionIndex = idx;
            }
        }
        afterWrite(touched, List.of(), stopped);
    }

    /**
     * {@code PUT /v1/agent/check/pass|warn|fail|update/:id}: sets a TTL check's status and output.
     * 404 for an unknown check, 500 for a check that is not a TTL check, as Consul answers.
     */
    public void updateTtl(String checkId, String status, String output) {
        requireNonNull(checkId, "checkId");
        final Set<Topic> touched = new HashSet<>();
        synchronized (lock) {
            final HealthCheck check = SERF_HEALTH.equals(checkId) ? serfHealth : checks.get(checkId);
            if (check == null) {
                throw ConsulApiException.notFound(
                        "Unknown check ID " + GoStrings.quote(checkId) +
                        ". Ensure that the check ID is passed, not the check name.");
            }
            if (check.definition() == null || !"ttl".equals(check.type())) {
                throw new ConsulApiException(500, "CheckID " + GoStrings.quote(checkId) +
                                                  " does not have associated TTL");
            }
            setStatusLocked(check, status, output, touched);
        }
        watches.fire(touched);
        lifecycle.ttlUpdated(checkId);
    }

    /**
     * A probe's result from the check runner. Ignored when the check is gone (a late result after
     * deregistration). Only a status change takes an index.
     */
    public void reportCheck(String checkId, String status, String output) {
        final Set<Topic> touched = new HashSet<>();
        synchronized (lock) {
            final HealthCheck check = checks.get(checkId);
            if (check == null) {
                return;
            }
            setStatusLocked(check, status, output, touched);
        }
        watches.fire(touched);
    }

    /** {@code PUT /v1/agent/service/maintenance/:id?enable=&reason=}. */
    public void maintenance(String serviceId, boolean enable, String reason) {
        final Set<Topic> touched = new HashSet<>();
        synchronized (lock) {
            final ServiceInstance svc = services.get(serviceId);
            if (svc == null) {
                throw ConsulApiException.notFound("No service registered with ID " + GoStrings.quote(serviceId));
            }
            final String checkId = MAINTENANCE_PREFIX + serviceId;
            final boolean present = checks.containsKey(checkId);
            if (enable == present) {
                return;
            }
            final long idx = index.incrementAndGet();
            if (enable) {
                final HealthCheck check = new HealthCheck(
                        checkId, "Service Maintenance Mode", HealthStatus.CRITICAL,
                        reason.isEmpty() ? DEFAULT_MAINTENANCE_REASON : reason, "", svc.id(), svc.name(),
                        svc.tags(), "maintenance", null, idx, idx);
                checks.put(checkId, check);
            } else {
                removeCheckLocked(checkId);
            }
            touchName(svc.name(), idx, touched);
        }
        watches.fire(touched);
    }

    /**
     * Deregisters every service with a check that has been critical for longer than its
     * {@code DeregisterCriticalServiceAfter}. Returns the IDs it removed.
     */
    public List<String> reapCriticalServices() {
        final Instant now = clock.instant();
        final Set<String> doomed = new LinkedHashSet<>();
        synchronized (lock) {
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
        }
        final List<String> removed = new ArrayList<>();
        for (String id : doomed) {
            try {
                deregister(id);
                removed.add(id);
            } catch (ConsulApiException ignored) {
                // Deregistered concurrently.
            }
        }
        return removed;
    }

    // ---- intentions (kept by IntentionTable; same index sequence) ---------------------------

    /** {@code PUT /v1/connect/intentions/exact}: creates or replaces the source→destination intention. */
    public void upsertIntention(String source, String destination, String action, String description) {
        intentionTable.upsert(source, destination, action, description);
    }

    /** Legacy {@code POST /v1/connect/intentions}; returns the new intention's ID. */
    public String createIntention(String source, String destination, String action, String description,
                                  Map<String, String> meta) {
        return intentionTable.create(source, destination, action, description, meta);
    }

    /** {@code DELETE /v1/connect/intentions/exact}; deleting a missing intention is a no-op. */
    public void deleteIntention(String source, String destination) {
        intentionTable.delete(source, destination);
    }

    /** Legacy {@code DELETE /v1/connect/intentions/:uuid}; 404 when no intention has that ID. */
    public void deleteIntentionById(String id) {
        intentionTable.deleteById(id);
    }

    /** {@code /v1/connect/intentions}, in evaluation order (precedence, then names). */
    public QueryResult<List<Intention>> intentions() {
        return intentionTable.list();
    }

    /** {@code /v1/connect/intentions/exact}; 404 "Intention not found" when absent. */
    public QueryResult<Intention> intention(String source, String destination) {
        return intentionTable.get(source, destination);
    }

    /** Legacy {@code GET /v1/connect/intentions/:uuid}. */
    public QueryResult<Intention> intentionWithId(String id) {
        return intentionTable.getById(id);
    }

    // ---- reads --------------------------------------------------------------------------------

    /** The agent's own services ({@code /v1/agent/services}), by ID. */
    public QueryResult<Map<String, ServiceInstance>> agentServices() {
        synchronized (lock) {
            return new QueryResult<>(servicesIndex, new TreeMap<>(services));
        }
    }

    /** The agent's checks ({@code /v1/agent/checks}), by ID. */
    public QueryResult<Map<String, HealthCheck>> agentChecks() {
        synchronized (lock) {
            final long idx = checks.values().stream().mapToLong(HealthCheck::modifyIndex).max().orElse(1);
            return new QueryResult<>(Math.max(idx, servicesIndex), new TreeMap<>(checks));
        }
    }

    /** {@code /v1/catalog/services}: service name → every tag used by its instances. */
    public QueryResult<Map<String, List<String>>> catalogServices() {
        synchronized (lock) {
            final Map<String, Set<String>> tags = new TreeMap<>();
            tags.put(CONSUL_SERVICE, new LinkedHashSet<>());
            for (ServiceInstance s : services.values()) {
                tags.computeIfAbsent(s.name(), n -> new LinkedHashSet<>()).addAll(s.tags());
            }
            final Map<String, List<String>> out = new LinkedHashMap<>();
            tags.forEach((name, set) -> out.put(name, List.copyOf(set)));
            return new QueryResult<>(servicesIndex, out);
        }
    }

    /** {@code /v1/catalog/service/:name}: the instances of one service, ordered by ID. */
    public QueryResult<List<ServiceInstance>> serviceInstances(String name) {
        synchronized (lock) {
            return new QueryResult<>(nameIndexLocked(name), instancesOf(name));
        }
    }

    /** {@code /v1/health/service/:name}: instances with node and service checks. */
    public QueryResult<List<HealthEntry>> health(String name, boolean passingOnly) {
        synchronized (lock) {
            final List<HealthEntry> out = new ArrayList<>();
            for (ServiceInstance s : instancesOf(name)) {
                final List<HealthCheck> cs = new ArrayList<>();
                cs.add(serfHealth);
                for (HealthCheck c : checks.values()) {
                    if (c.serviceId().equals(s.id())) {
                        cs.add(c);
                    }
                }
                final HealthEntry entry = new HealthEntry(s, cs);
                if (!passingOnly || entry.allPassing()) {
                    out.add(entry);
                }
            }
            return new QueryResult<>(nameIndexLocked(name), out);
        }
    }

    /** The node-level checks (serfHealth). */
    public HealthCheck serfHealth() {
        return serfHealth;
    }

    /** Current index of a service name, for tests and diagnostics. */
    public long serviceIndex(String name) {
        synchronized (lock) {
            return nameIndexLocked(name);
        }
    }

    // ---- internals ----------------------------------------------------------------------------

    private void afterWrite(Set<Topic> touched, List<HealthCheck> started, List<String> stopped) {
        watches.fire(touched);
        final CheckLifecycle l = lifecycle;
        stopped.forEach(l::removed);
        started.stream().filter(c -> c.definition() != null).forEach(l::added);
    }

    private void setStatusLocked(HealthCheck check, String status, String output, Set<Topic> touched) {
        if (check.status().equals(status)) {
            checks.put(check.checkId(), check.withOutput(output));
            return;
        }
        final long idx = index.incrementAndGet();
        final HealthCheck updated = check.withStatus(status, output, idx);
        checks.put(check.checkId(), updated);
        trackCritical(updated);
        touchName(check.serviceName(), idx, touched);
    }

    private void trackCritical(HealthCheck c) {
        if (HealthStatus.CRITICAL.equals(c.status())) {
            criticalSince.putIfAbsent(c.checkId(), clock.instant());
        } else {
            criticalSince.remove(c.checkId());
        }
    }

    private void removeCheckLocked(String checkId) {
        checks.remove(checkId);
        criticalSince.remove(checkId);
    }

    private void touchName(String name, long idx, Set<Topic> touched) {
        nameIndexes.put(name, idx);
        touched.add(Topic.service(name));
    }

    private long nameIndexLocked(String name) {
        final Long idx = nameIndexes.get(name);
        if (idx != null) {
            return idx;
        }
        // Never-seen names report the last extinction (or the services table), as Consul does.
        return extinctionIndex > 0 ? extinctionIndex : servicesIndex;
    }

    private List<ServiceInstance> instancesOf(String name) {
        final List<ServiceInstance> out = new ArrayList<>();
        if (CONSUL_SERVICE.equals(name)) {
            out.add(consulService);
        }
        for (ServiceInstance s : services.values()) {
            if (s.name().equals(name)) {
                out.add(s);
            }
        }
        return out;
    }

    /** For the check runner: every check that needs probing, to (re)start after a restart. */
    public void forEachRunnableCheck(Consumer<HealthCheck> action) {
        final List<HealthCheck> snapshot;
        synchronized (lock) {
            snapshot = checks.values().stream().filter(c -> c.definition() != null).toList();
        }
        snapshot.forEach(action);
    }

    /** A check by ID, or null. */
    @Nullable
    public HealthCheck check(String checkId) {
        synchronized (lock) {
            return SERF_HEALTH.equals(checkId) ? serfHealth : checks.get(checkId);
        }
    }
}
