package io.weft.controlplane.snapshot;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.weft.common.annotation.Nullable;
import io.weft.controlplane.chain.ChainSet;
import javax.annotation.concurrent.GuardedBy;
import javax.annotation.concurrent.ThreadSafe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link MeshSnapshot} and turns each update into the next one.
 *
 * <p>Updates that change nothing produce no snapshot. Listeners run on the updating thread (a Consul
 * watcher thread), in version order, while the cache's lock is held: they must only enqueue work.
 * Also keeps the status the API reports: ready, stale, last successful Consul contact.
 */
@ThreadSafe
public final class SnapshotCache {

    private static final Logger logger = LoggerFactory.getLogger(SnapshotCache.class);

    private final Clock clock;
    private final String datacenter;
    private final List<Consumer<SnapshotChange>> listeners = new CopyOnWriteArrayList<>();

    /** Consul's config entries as last read, by kind: the input the discovery chains are compiled from. */
    @GuardedBy("this")
    private final Map<String, List<JsonNode>> configEntries = new HashMap<>();

    @GuardedBy("this")
    private MeshSnapshot snapshot;
    private volatile MeshSnapshot published;
    private volatile boolean ready;
    private volatile boolean stale;
    @Nullable
    private volatile Instant lastContact;

    public SnapshotCache(Clock clock, IntentionAction defaultAction) {
        this(clock, defaultAction, "dc1");
    }

    /** {@code datacenter}: the one the mesh routes within (discovery chains are compiled for it). */
    public SnapshotCache(Clock clock, IntentionAction defaultAction, String datacenter) {
        this.clock = requireNonNull(clock, "clock");
        this.datacenter = requireNonNull(datacenter, "datacenter");
        snapshot = MeshSnapshot.empty(clock.instant(), defaultAction);
        published = snapshot;
    }

    /** The newest snapshot; never {@code null} (version 0 before the first change). */
    public MeshSnapshot current() {
        return published;
    }

    /** Registers a listener and returns the snapshot it starts from (no change is missed between them). */
    public synchronized MeshSnapshot addListener(Consumer<SnapshotChange> listener) {
        listeners.add(requireNonNull(listener, "listener"));
        return snapshot;
    }

    public void removeListener(Consumer<SnapshotChange> listener) {
        listeners.remove(listener);
    }

    /** Sets the instances of {@code service}, adding the service when it is new. */
    public synchronized void putService(String service, List<ServiceInstance> instances) {
        final ServiceEndpoints old = snapshot.service(service);
        if (old != null && old.instances().equals(sorted(service, instances).instances())) {
            return;
        }
        final long next = snapshot.version() + 1;
        final Map<String, ServiceEndpoints> services = new HashMap<>(snapshot.services());
        services.put(service, new ServiceEndpoints(service, next, instances));
        publishWithChains(snapshot.withServices(next, clock.instant(), services),
                          SnapshotDiff.services(Set.of(service), Set.of()), old == null);
    }

    /** Removes every service not in {@code names} (they left the catalog). */
    public synchronized void retainServices(Set<String> names) {
        final Set<String> removed = new HashSet<>(snapshot.services().keySet());
        removed.removeAll(names);
        if (removed.isEmpty()) {
            return;
        }
        final Map<String, ServiceEndpoints> services = new HashMap<>(snapshot.services());
        services.keySet().removeAll(removed);
        publishWithChains(snapshot.withServices(snapshot.version() + 1, clock.instant(), services),
                          SnapshotDiff.services(Set.of(), removed), true);
    }

    /**
     * Sets the config entries of one {@code kind} (Consul's list of it, as JSON) and recompiles every
     * service's discovery chain from all kinds. An entry that cannot be read is listed in the snapshot's
     * chains as rejected; a chain that cannot be compiled carries its error, and sidecars keep the last
     * chain they had.
     */
    public synchronized void putConfigEntries(String kind, List<JsonNode> entries) {
        if (entries.equals(configEntries.getOrDefault(kind, List.of()))) {
            return;
        }
        configEntries.put(kind, List.copyOf(entries));
        final long next = snapshot.version() + 1;
        final ChainSet.Update update = snapshot.chains().recompile(snapshot.services().keySet(), configEntries,
                                                                   datacenter, next);
        if (update.changed().isEmpty() && update.next().rejected().equals(snapshot.chains().rejected())) {
            return;
        }
        publish(snapshot.withChains(next, clock.instant(), update.next()), SnapshotDiff.chains(update.changed()));
    }

    /** Publishes {@code next}; when the set of services changed, with every chain recompiled for it. */
    @GuardedBy("this")
    private void publishWithChains(MeshSnapshot next, SnapshotDiff diff, boolean servicesChanged) {
        if (!servicesChanged) {
            publish(next, diff);
            return;
        }
        final ChainSet.Update update = next.chains().withServices(next.services().keySet(), datacenter,
                                                                  next.version());
        publish(next.withChains(next.version(), next.builtAt(), update.next()), diff.withChains(update.changed()));
    }

    public synchronized void putIntentions(List<Intention> intentions) {
        final List<Intention> sorted = intentions.stream().sorted(Intention.BY_PRECEDENCE).toList();
        if (sorted.equals(snapshot.intentions())) {
            return;
        }
        publish(snapshot.withIntentions(snapshot.version() + 1, clock.instant(), sorted),
                new SnapshotDiff(Set.of(), Set.of(), true, false));
    }

    public synchronized void putTrustRoots(TrustRoots roots) {
        if (roots.equals(snapshot.trustRoots())) {
            return;
        }
        publish(snapshot.withTrustRoots(snapshot.version() + 1, clock.instant(), roots),
                new SnapshotDiff(Set.of(), Set.of(), false, true));
    }

    @GuardedBy("this")
    private void publish(MeshSnapshot next, SnapshotDiff diff) {
        final MeshSnapshot previous = snapshot;
        snapshot = next;
        published = next;
        logger.debug("Snapshot v{}: {}", next.version(), diff);
        final SnapshotChange change = new SnapshotChange(previous, next, diff);
        for (Consumer<SnapshotChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                logger.warn("A snapshot listener failed on v{}", next.version(), e);
            }
        }
    }

    private static ServiceEndpoints sorted(String service, List<ServiceInstance> instances) {
        return new ServiceEndpoints(service, 0, instances);
    }

    // ---- status ----

    /** Called once discovery has loaded the catalog, every service's instances and the intentions. */
    public void markReady() {
        ready = true;
    }

    public boolean isReady() {
        return ready;
    }

    /** Consul answered; the snapshot is current again. */
    public void markContact(Instant now) {
        lastContact = now;
    }

    /** Whether the last attempt to reach Consul failed for any watch (serving the last good snapshot). */
    public void markStale(boolean stale) {
        if (this.stale != stale) {
            if (stale) {
                logger.warn("Consul unreachable: serving the last good snapshot v{} (stale)", published.version());
            } else {
                logger.info("Consul reachable again: snapshot v{} is current", published.version());
            }
        }
        this.stale = stale;
    }

    public boolean isStale() {
        return stale;
    }

    @Nullable
    public Instant lastContact() {
        return lastContact;
    }

    @Override
    public String toString() {
        return "SnapshotCache{v" + published.version() + ", stale=" + stale + ", ready=" + ready + '}';
    }
}
