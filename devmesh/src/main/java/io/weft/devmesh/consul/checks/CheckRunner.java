package io.weft.devmesh.consul.checks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.client.WebClient;

import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.catalog.CheckDefinition;
import io.weft.devmesh.consul.catalog.CheckLifecycle;
import io.weft.devmesh.consul.catalog.HealthCheck;
import io.weft.devmesh.consul.catalog.HealthStatus;

/**
 * Probes HTTP, TCP and gRPC checks every {@code Interval} (at least {@code minInterval}, Consul's is
 * 1 s), expires TTL checks, and reaps services critical for longer than their
 * {@code DeregisterCriticalServiceAfter}. All scheduling happens on {@code scheduler}; probe results
 * are applied on it too. Thread-safe.
 */
public final class CheckRunner implements CheckLifecycle, AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(CheckRunner.class);
    /** Consul's default check timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Catalog catalog;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService blockingProbes;
    private final ClientFactory factory;
    private final ClientFactory insecureFactory;
    private final ClientFactory httpFactory;
    private final ClientFactory insecureHttpFactory;
    private final HttpProbe httpProbe;
    private final TcpProbe tcpProbe;
    private final GrpcProbe grpcProbe;
    private final GrpcProbe grpcTlsProbe;
    private final Duration minInterval;
    private final Map<String, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> reaper;

    /**
     * @param minInterval the shortest probe interval honoured (Consul: 1 s)
     * @param reapInterval how often to look for services to deregister
     */
    public CheckRunner(Catalog catalog, Duration minInterval, Duration reapInterval) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.minInterval = requirePositive("minInterval", minInterval);
        requirePositive("reapInterval", reapInterval);
        scheduler = Executors.newScheduledThreadPool(2, daemonThreads("weft-consul-checks"));
        blockingProbes = Executors.newCachedThreadPool(daemonThreads("weft-consul-tcp-probe"));
        factory = newFactory(false, 0);
        insecureFactory = newFactory(true, 0);
        final WebClient client = WebClient.builder().factory(factory).followRedirects().build();
        // Consul's HTTP checks disable keep-alives: a connection per probe, none left open on the checked
        // server between probes (where it would make that server's stop wait for it to drain).
        httpFactory = newFactory(false, 1);
        insecureHttpFactory = newFactory(true, 1);
        httpProbe = new HttpProbe(WebClient.builder().factory(httpFactory).followRedirects().build(),
                                  WebClient.builder().factory(insecureHttpFactory).followRedirects().build());
        tcpProbe = new TcpProbe(blockingProbes);
        grpcProbe = new GrpcProbe(client);
        grpcTlsProbe = new GrpcProbe(WebClient.builder().factory(insecureFactory).build());
        reaper = scheduler.scheduleWithFixedDelay(this::reap, reapInterval.toMillis(), reapInterval.toMillis(),
                                                  TimeUnit.MILLISECONDS);
    }

    @Override
    public void added(HealthCheck check) {
        final CheckDefinition def = check.definition();
        if (def == null) {
            return;
        }
        cancel(check.checkId());
        if ("ttl".equals(def.type())) {
            scheduleTtl(check.checkId(), def.ttl());
            return;
        }
        final Duration interval = def.interval().compareTo(minInterval) < 0 ? minInterval : def.interval();
        final Duration timeout = def.timeout().isZero() ? DEFAULT_TIMEOUT : def.timeout();
        final Probe probe = new Probe(check.checkId(), def, timeout);
        // Consul staggers the first run randomly within the interval; running at once is one valid outcome.
        tasks.put(check.checkId(),
                  scheduler.scheduleAtFixedRate(probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void removed(String checkId) {
        cancel(checkId);
    }

    @Override
    public void ttlUpdated(String checkId) {
        final HealthCheck check = catalog.check(checkId);
        if (check != null && check.definition() != null) {
            cancel(checkId);
            scheduleTtl(checkId, check.definition().ttl());
        }
    }

    private void scheduleTtl(String checkId, Duration ttl) {
        tasks.put(checkId, scheduler.schedule(() -> expire(checkId), ttl.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void expire(String checkId) {
        final HealthCheck check = catalog.check(checkId);
        if (check == null) {
            return;
        }
        final String output = check.output().isEmpty()
                              ? "TTL expired"
                              : "TTL expired (last output before timeout follows): " + check.output();
        catalog.reportCheck(checkId, HealthStatus.CRITICAL, output);
    }

    private void cancel(String checkId) {
        final ScheduledFuture<?> task = tasks.remove(checkId);
        if (task != null) {
            task.cancel(false);
        }
    }

    private void reap() {
        try {
            for (String id : catalog.reapCriticalServices()) {
                logger.info("Deregistered service {}: critical for longer than DeregisterCriticalServiceAfter", id);
            }
        } catch (RuntimeException e) {
            logger.warn("Reaping critical services failed", e);
        }
    }

    @Override
    public void close() {
        reaper.cancel(false);
        tasks.values().forEach(t -> t.cancel(false));
        tasks.clear();
        scheduler.shutdownNow();
        blockingProbes.shutdownNow();
        factory.closeAsync();
        insecureFactory.closeAsync();
        httpFactory.closeAsync();
        insecureHttpFactory.closeAsync();
    }

    /** A probe client factory; {@code requestsPerConnection} 0 means no limit. */
    private static ClientFactory newFactory(boolean noVerify, int requestsPerConnection) {
        final ClientFactoryBuilder b = ClientFactory.builder().connectTimeout(DEFAULT_TIMEOUT)
                                                    .maxNumRequestsPerConnection(requestsPerConnection);
        return (noVerify ? b.tlsNoVerify() : b).build();
    }

    /** Number of scheduled probes and TTL timers (for tests). */
    public int scheduledChecks() {
        return tasks.size();
    }

    private final class Probe implements Runnable {
        private final String checkId;
        private final CheckDefinition def;
        private final Duration timeout;
        /** A slow probe is never overlapped by the next tick, as in Consul. */
        private final AtomicBoolean inFlight = new AtomicBoolean();

        Probe(String checkId, CheckDefinition def, Duration timeout) {
            this.checkId = checkId;
            this.def = def;
            this.timeout = timeout;
        }

        @Override
        public void run() {
            if (!inFlight.compareAndSet(false, true)) {
                return;
            }
            final CompletableFuture<ProbeResult> result;
            try {
                result = switch (def.type()) {
                    case "http" -> httpProbe.probe(def, timeout);
                    case "tcp" -> tcpProbe.probe(def, timeout);
                    default -> (def.grpcUseTls() ? grpcTlsProbe : grpcProbe).probe(def.grpc(), def.grpcUseTls(),
                                                                                  timeout);
                };
            } catch (RuntimeException e) {
                inFlight.set(false);
                catalog.reportCheck(checkId, HealthStatus.CRITICAL, HttpProbe.describe(e));
                return;
            }
            result.whenCompleteAsync((r, err) -> {
                inFlight.set(false);
                if (!tasks.containsKey(checkId)) {
                    return; // removed while probing
                }
                if (err != null) {
                    catalog.reportCheck(checkId, HealthStatus.CRITICAL, HttpProbe.describe(err));
                } else {
                    catalog.reportCheck(checkId, r.status(), r.output());
                }
            }, scheduler);
        }
    }

    private static Duration requirePositive(String name, Duration d) {
        requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
        return d;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            final Thread t = new Thread(r, prefix + '-' + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
