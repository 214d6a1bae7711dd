package io.weft.devmesh.consul.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.weft.common.annotation.Nullable;

/**
 * The stand-in's state store: the agent's node, the services and checks registered with it
 * ({@link ServiceRegistry}), the config entries ({@link ConfigEntryStore}, with the
 * {@code service-intentions} that are also the intentions in {@link IntentionTable}) and the KV store
 * ({@link KvStore}); all draw indexes from one sequence.
 * Writes take a short, non-blocking lock; reads take none ({@link CatalogSnapshot}). After a write, and
 * outside any lock, this fires the {@link Topic}s it touched and tells the {@link CheckLifecycle} which
 * checks to start and stop probing. Thread-safe.
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
    private final Watches watches = new Watches();
    private volatile CheckLifecycle lifecycle = CheckLifecycle.NONE;

    /** The raft-like index sequence shared by every table; only ever incremented. */
    private final AtomicLong index = new AtomicLong(10);
    private final long nodeIndex;
    private final ServiceRegistry registry;
    private final IntentionTable intentionTable;
    private final ConfigEntryStore configEntries;
    private final KvStore kv;

    public Catalog(NodeInfo node, Clock clock) {
        this.node = requireNonNull(node, "node");
        requireNonNull(clock, "clock");
        nodeIndex = index.incrementAndGet();
        registry = new ServiceRegistry(index, clock);
        final AtomicLong configTableIndex = new AtomicLong(index.get());
        intentionTable = new IntentionTable(index, configTableIndex, clock, watches);
        configEntries = new ConfigEntryStore(index, configTableIndex, watches, intentionTable);
        kv = new KvStore(index, watches);
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
        afterWrite(registry.register(requireNonNull(reg, "reg"), replaceExistingChecks));
    }

    /** {@code PUT /v1/agent/service/deregister/:id}; 404 for an unknown ID, like Consul. */
    public void deregister(String serviceId) {
        afterWrite(registry.deregister(requireNonNull(serviceId, "serviceId")));
    }

    /**
     * {@code PUT /v1/agent/check/pass|warn|fail|update/:id}: sets a TTL check's status and output.
     * 404 for an unknown check, 500 for a check that is not a TTL check, as Consul answers.
     */
    public void updateTtl(String checkId, String status, String output) {
        afterWrite(registry.updateTtl(requireNonNull(checkId, "checkId"), status, output));
        lifecycle.ttlUpdated(checkId);
    }

    /**
     * A probe's result from the check runner. Ignored when the check is gone (a late result after
     * deregistration). Only a status change takes an index.
     */
    public void reportCheck(String checkId, String status, String output) {
        afterWrite(registry.reportCheck(checkId, status, output));
    }

    /** {@code PUT /v1/agent/service/maintenance/:id?enable=&reason=}. */
    public void maintenance(String serviceId, boolean enable, String reason) {
        afterWrite(registry.maintenance(serviceId, enable, reason));
    }

    /**
     * Deregisters every service with a check that has been critical for longer than its
     * {@code DeregisterCriticalServiceAfter}. Returns the IDs it removed.
     */
    public List<String> reapCriticalServices() {
        final List<String> removed = new ArrayList<>();
        for (String id : registry.criticalTooLong()) {
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
        upsertIntention(source, destination, action, description, Map.of());
    }

    /**
     * {@code PUT /v1/connect/intentions/exact} with the body's Meta, which Consul only accepts when it
     * equals the enclosing {@code service-intentions} entry's (500 otherwise).
     */
    public void upsertIntention(String source, String destination, String action, String description,
                                Map<String, String> meta) {
        intentionTable.upsert(source, destination, action, description, meta);
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

    // ---- config entries ---------------------------------------------------------------------

    /** The config entry kinds the stand-in keeps. */
    public static List<String> configEntryKinds() {
        return ConfigEntryValidation.KINDS;
    }

    /**
     * {@code PUT /v1/config}: an entry of {@code kind} (one of {@link #configEntryKinds()}), its top-level
     * keys in any case or snake_case, validated (500 with Consul's message) and stored; false when
     * {@code cas} does not hold.
     */
    public boolean applyConfigEntry(String kind, ObjectNode entry, @Nullable Long cas) {
        if (!ConfigEntryValidation.KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind: " + kind + " (expected: one of " + ConfigEntryValidation.KINDS + ')');
        }
        return configEntries.apply(ConfigEntryValidation.canonicalize(entry, kind), cas);
    }

    /** {@code DELETE /v1/config/<kind>/<name>}; false when {@code cas} does not hold. */
    public boolean deleteConfigEntry(String kind, String name, @Nullable Long cas) {
        return configEntries.delete(kind, name, cas);
    }

    /** {@code GET /v1/config/<kind>/<name>}; empty when there is none. */
    public QueryResult<Optional<ObjectNode>> configEntry(String kind, String name) {
        return configEntries.get(kind, name);
    }

    /** {@code GET /v1/config/<kind>}, by name. */
    public QueryResult<List<ObjectNode>> configEntries(String kind) {
        return configEntries.list(kind);
    }

    // ---- KV -------------------------------------------------------------------------------------

    /** {@code PUT /v1/kv/<key>}; false when {@code cas} does not hold. */
    public boolean putKv(String key, byte[] value, long flags, @Nullable Long cas) {
        return kv.put(key, value, flags, cas);
    }

    /** {@code DELETE /v1/kv/<key>}; false when {@code cas} does not hold. */
    public boolean deleteKv(String key, boolean recurse, @Nullable Long cas) {
        return kv.delete(key, recurse, cas);
    }

    public QueryResult<Optional<KvEntry>> kv(String key) {
        return kv.get(key);
    }

    public QueryResult<List<KvEntry>> kvList(String prefix) {
        return kv.list(prefix);
    }

    public QueryResult<List<String>> kvKeys(String prefix, String separator) {
        return kv.keys(prefix, separator);
    }

    // ---- reads: each from the current snapshot, without a lock --------------------------------

    /** The agent's own services ({@code /v1/agent/services}), by ID. */
    public QueryResult<Map<String, ServiceInstance>> agentServices() {
        return registry.snapshot().agentServices();
    }

    /** The agent's checks ({@code /v1/agent/checks}), by ID. */
    public QueryResult<Map<String, HealthCheck>> agentChecks() {
        return registry.snapshot().agentChecks();
    }

    /** {@code /v1/catalog/services}: service name → every tag used by its instances. */
    public QueryResult<Map<String, List<String>>> catalogServices() {
        return registry.snapshot().catalogServices();
    }

    /** {@code /v1/catalog/service/:name}: the instances of one service, ordered by ID. */
    public QueryResult<List<ServiceInstance>> serviceInstances(String name) {
        return registry.snapshot().serviceInstances(name);
    }

    /** {@code /v1/health/service/:name}: instances with node and service checks. */
    public QueryResult<List<HealthEntry>> health(String name, boolean passingOnly) {
        return registry.snapshot().health(name, passingOnly);
    }

    /**
     * {@code /v1/health/state/<state>}: every check, serfHealth included, in {@code state}
     * ("any" for all), ordered by ID; the index is the highest the checks and services reached.
     */
    public QueryResult<List<HealthCheck>> checksInState(String state) {
        return registry.snapshot().checksInState(state, nodeIndex);
    }

    /** The node-level checks (serfHealth). */
    public HealthCheck serfHealth() {
        return registry.snapshot().serfHealth();
    }

    /** Current index of a service name, for tests and diagnostics. */
    public long serviceIndex(String name) {
        return registry.snapshot().indexes().of(name);
    }

    /** For the check runner: every check that needs probing, to (re)start after a restart. */
    public void forEachRunnableCheck(Consumer<HealthCheck> action) {
        registry.snapshot().checks().values().stream().filter(c -> c.definition() != null).forEach(action);
    }

    /** A check by ID, or null. */
    @Nullable
    public HealthCheck check(String checkId) {
        return registry.snapshot().check(checkId);
    }

    /** Wakes the blocking queries of what changed, then starts and stops probes; on the writing thread. */
    private void afterWrite(Change change) {
        if (!change.touched.isEmpty()) {
            change.touched.add(Topic.CHECKS);
        }
        watches.fire(change.touched);
        final CheckLifecycle l = lifecycle;
        change.stopped.forEach(l::removed);
        change.started.stream().filter(c -> c.definition() != null).forEach(l::added);
    }
}
