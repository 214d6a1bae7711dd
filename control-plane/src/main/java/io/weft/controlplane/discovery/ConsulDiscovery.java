package io.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import javax.annotation.concurrent.GuardedBy;
import javax.annotation.concurrent.ThreadSafe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.ecwid.consul.v1.health.model.HealthService;
import com.fasterxml.jackson.databind.JsonNode;

import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.snapshot.ServiceInstance;
import io.weft.controlplane.snapshot.SnapshotCache;

/**
 * Keeps a {@link SnapshotCache} in step with Consul: one catalog watch, one intentions watch, one watch
 * per config entry kind the discovery chains read, and one health watch per catalog service (started and
 * stopped as services come and go).
 *
 * <p>A service enters the snapshot once one of its instances carries Meta {@code weft-protocol}; every
 * instance is kept with its health (the status API shows critical ones), and sidecars are sent the passing
 * ones and, apart, the warning ones (Consul routes to both unless a subset is OnlyPassing; critical ones never
 * leave the control plane). From then on it stays (possibly with no instances)
 * until it leaves the catalog. While any watch is failing the cache is marked stale and keeps its last
 * snapshot; the first success of every failing watch clears it. The cache is marked ready once the
 * catalog, the intentions, the config entries and the first answer for every service in the first
 * catalog answer are in.
 */
@ThreadSafe
public final class ConsulDiscovery implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ConsulDiscovery.class);
    private static final String CATALOG = "catalog";
    private static final String INTENTIONS = "intentions";

    private final ConsulCatalogClient catalog;
    private final BlockingQuery<List<Intention>> intentions;
    private final Map<String, BlockingQuery<List<JsonNode>>> configEntries;
    private final SnapshotCache cache;
    private final WatchSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final AtomicLong watchErrors = new AtomicLong();

    @GuardedBy("this")
    private final Map<String, WatchLoop<?>> loops = new HashMap<>();
    @GuardedBy("this")
    private final Set<String> failing = new HashSet<>();
    @GuardedBy("this")
    private final Set<String> awaitingFirstAnswer = new HashSet<>(Set.of(CATALOG, INTENTIONS));
    @GuardedBy("this")
    private boolean catalogSeen;
    @GuardedBy("this")
    private boolean closed;

    public ConsulDiscovery(ConsulCatalogClient catalog, BlockingQuery<List<Intention>> intentions,
                           SnapshotCache cache, WatchSettings settings, ScheduledExecutorService scheduler,
                           Clock clock) {
        this(catalog, intentions, Map.of(), cache, settings, scheduler, clock);
    }

    /** {@code configEntries}: one query per config entry kind the discovery chains read, by kind. */
    public ConsulDiscovery(ConsulCatalogClient catalog, BlockingQuery<List<Intention>> intentions,
                           Map<String, BlockingQuery<List<JsonNode>>> configEntries, SnapshotCache cache,
                           WatchSettings settings, ScheduledExecutorService scheduler, Clock clock) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.intentions = requireNonNull(intentions, "intentions");
        this.configEntries = Map.copyOf(configEntries);
        configEntries.keySet().forEach(kind -> awaitingFirstAnswer.add(configWatchName(kind)));
        this.cache = requireNonNull(cache, "cache");
        this.settings = requireNonNull(settings, "settings");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.clock = requireNonNull(clock, "clock");
    }

    public synchronized void start() {
        startLoop(CATALOG, catalog.services(), this::onCatalog);
        startLoop(INTENTIONS, intentions, cache::putIntentions);
        configEntries.forEach((kind, query) -> startLoop(configWatchName(kind), query,
                                                         entries -> cache.putConfigEntries(kind, entries)));
    }

    /** How many Consul queries have failed since start. */
    public long watchErrors() {
        return watchErrors.get();
    }

    /** How many watches run (catalog, intentions, one per service). */
    public synchronized int watchCount() {
        return loops.size();
    }

    private <T> void startLoop(String name, BlockingQuery<T> query, java.util.function.Consumer<T> onValue) {
        final WatchLoop<T> loop = new WatchLoop<>(name, query, settings, scheduler, clock,
                                                  new WatchLoop.Listener<>() {
            @Override
            public void onValue(T value) {
                synchronized (ConsulDiscovery.this) {
                    if (closed || loops.get(name) == null) {
                        return;
                    }
                    onValue.accept(value);
                    succeeded(name);
                }
            }

            @Override
            public void onError(Throwable cause) {
                failed(name, cause);
            }
        });
        loops.put(name, loop);
        loop.start();
    }

    @GuardedBy("this")
    private void onCatalog(Set<String> services) {
        for (String service : services) {
            final String name = healthWatchName(service);
            if (!loops.containsKey(name)) {
                if (!catalogSeen) {
                    awaitingFirstAnswer.add(name);
                }
                logger.debug("Watching service {}", service);
                startLoop(name, catalog.instances(service), entries -> onHealth(service, entries));
            }
        }
        catalogSeen = true;
        final Set<String> gone = new HashSet<>();
        for (String name : loops.keySet()) {
            if (name.startsWith("health:") && !services.contains(name.substring("health:".length()))) {
                gone.add(name);
            }
        }
        for (String name : gone) {
            logger.debug("No longer watching {}", name);
            loops.remove(name).close();
            failing.remove(name);
            awaitingFirstAnswer.remove(name);
        }
        cache.retainServices(services);
    }

    @GuardedBy("this")
    private void onHealth(String service, List<HealthService> entries) {
        final List<ServiceInstance> instances = ConsulHealthMapper.toInstances(entries);
        if (instances.isEmpty() && cache.current().service(service) == null) {
            return; // not a mesh service (or not yet)
        }
        cache.putService(service, instances);
    }

    @GuardedBy("this")
    private void succeeded(String name) {
        cache.markContact(clock.instant());
        failing.remove(name);
        cache.markStale(!failing.isEmpty());
        if (awaitingFirstAnswer.remove(name) && awaitingFirstAnswer.isEmpty() && !cache.isReady()) {
            logger.info("First snapshot built: v{}, {} services, {} instances", cache.current().version(),
                        cache.current().services().size(), cache.current().instanceCount());
            cache.markReady();
        }
    }

    private synchronized void failed(String name, Throwable cause) {
        if (closed || !loops.containsKey(name)) {
            return;
        }
        watchErrors.incrementAndGet();
        if (failing.add(name) && failing.size() == 1) {
            logger.warn("Consul watch {} failed: {}", name, cause.toString());
        }
        cache.markStale(true);
    }

    private static String configWatchName(String kind) {
        return "config:" + kind;
    }

    private static String healthWatchName(String service) {
        return "health:" + service;
    }

    @Override
    public synchronized void close() {
        closed = true;
        loops.values().forEach(WatchLoop::close);
        loops.clear();
    }
}
