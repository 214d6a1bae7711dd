package io.weft.controlplane;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.weft.common.annotation.Nullable;
import io.weft.common.consul.ConsulRegistrar;
import io.weft.common.consul.SelfRegistration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.common.TlsProvider;
import com.linecorp.armeria.common.prometheus.PrometheusMeterRegistries;
import com.linecorp.armeria.common.util.ThreadFactories;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.docs.DocService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.prometheus.PrometheusExpositionService;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weft.common.netty.BossGroups;
import io.weft.controlplane.api.Dashboard;
import io.weft.controlplane.api.MeshStatusService;
import io.weft.controlplane.api.TrafficStatusService;
import io.weft.controlplane.auth.BootstrapTokens;
import io.weft.controlplane.ca.MeshCa;
import io.weft.controlplane.discovery.ConsulCatalogClient;
import io.weft.controlplane.discovery.ConsulDiscovery;
import io.weft.controlplane.discovery.ConsulConfigEntriesClient;
import io.weft.controlplane.discovery.ConsulHttpReads;
import io.weft.controlplane.discovery.ConsulIntentionsClient;
import io.weft.controlplane.discovery.WatchSettings;
import io.weft.controlplane.metrics.ControlPlaneMetrics;
import io.weft.controlplane.snapshot.MeshSnapshot;
import io.weft.controlplane.snapshot.SnapshotCache;
import io.weft.controlplane.stream.MeshDiscoveryService;
import io.weft.controlplane.stream.SessionRegistry;
import io.weft.controlplane.stream.SessionView;
import io.weft.controlplane.traffic.EdgeStats;
import io.weft.controlplane.traffic.TrafficWindow;

/**
 * A running control plane replica: Consul watches, the snapshot cache, the CA, the sidecar stream (TLS), the
 * HTTP status side, and its own registration in Consul as {@code weft-control-plane} (checked on
 * {@code /readyz}). Start with {@link #start(ControlPlaneConfig)}; {@link #close()} deregisters, ends sidecar
 * streams (so they fail over to another replica at once), then stops everything within the shutdown grace.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ControlPlane.class);
    /** The control plane's own server certificate lives this long and is renewed at half-life. */
    private static final Duration SERVER_CERT_TTL = Duration.ofHours(24);
    /** How long shutdown waits for Consul to drop this replica before going on without it. */
    private static final Duration DEREGISTER_TIMEOUT = Duration.ofSeconds(2);
    /** How much traffic {@code /api/v1/traffic} and the dashboard look back on. */
    private static final Duration TRAFFIC_WINDOW = Duration.ofSeconds(60);

    private final ControlPlaneConfig config;
    private final ExecutorService blockingExecutor;
    private final ScheduledExecutorService scheduler;
    private final MeshCa ca;
    private final SnapshotCache cache;
    private final SessionRegistry sessions;
    private final TrafficWindow traffic;
    private final ConsulCatalogClient catalogClient;
    private final ClientFactory clientFactory;
    private final ConsulDiscovery discovery;
    private final TlsProvider tlsProvider;
    private final Server streamServer;
    private final Server httpServer;
    @Nullable
    private final SelfRegistration registration;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Loads or creates the CA, binds both ports and starts watching Consul. Returns once both servers
     * listen; {@code /readyz} turns ready when the first snapshot is built. Blocks (CA file IO, key
     * generation): do not call from an event loop.
     *
     * @throws IllegalStateException if the CA directory holds another mesh's CA or a port cannot be bound
     */
    public static ControlPlane start(ControlPlaneConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Same as {@link #start(ControlPlaneConfig)} with the clock every component uses. */
    public static ControlPlane start(ControlPlaneConfig config, Clock clock) {
        return new ControlPlane(requireNonNull(config, "config"), requireNonNull(clock, "clock"));
    }

    private ControlPlane(ControlPlaneConfig config, Clock clock) {
        this.config = config;
        blockingExecutor = Executors.newCachedThreadPool(ThreadFactories.newThreadFactory("weft-cp-blocking", true));
        scheduler = Executors.newSingleThreadScheduledExecutor(ThreadFactories.newThreadFactory("weft-cp-timer", true));
        try {
            ca = MeshCa.loadOrCreate(config.caDir(), config.trustDomain(), config.datacenter(), clock);
        } catch (IOException e) {
            shutdownExecutors();
            throw new UncheckedIOException("CA directory " + config.caDir() + ": " + e, e);
        } catch (RuntimeException e) {
            shutdownExecutors();
            throw e;
        }

        cache = new SnapshotCache(clock, config.defaultIntention(), config.datacenter());
        traffic = new TrafficWindow(TRAFFIC_WINDOW, clock);
        cache.putTrustRoots(ca.trustRoots());
        final PrometheusMeterRegistry meterRegistry = PrometheusMeterRegistries.newRegistry();
        final ControlPlaneMetrics metrics = new ControlPlaneMetrics(meterRegistry);
        sessions = new SessionRegistry(cache, new BootstrapTokens(config.bootstrapToken(), config.bootstrapTokens()),
                                       ca, config.leafTtl(), config.keepaliveInterval(), blockingExecutor, metrics,
                                       clock, traffic, config.trafficInterval());

        final WatchSettings watch = WatchSettings.of(config.consulWait(), config.consulMinInterval(),
                                                      config.consulBackoffInitial(), config.consulBackoffMax());
        catalogClient = new ConsulCatalogClient(config.consulUri(), config.consulToken(), config.consulWait(),
                                                blockingExecutor);
        clientFactory = ClientFactory.builder().build();
        final ConsulHttpReads consulReads = new ConsulHttpReads(config.consulUri(), config.consulToken(),
                                                                config.consulWait(), clientFactory, blockingExecutor);
        discovery = new ConsulDiscovery(catalogClient, new ConsulIntentionsClient(consulReads).intentions(),
                                        new ConsulConfigEntriesClient(consulReads).chainKinds(), cache, watch,
                                        scheduler, clock);
        registerGauges(metrics, clock);

        final List<String> dnsNames = new ArrayList<>(List.of("localhost"));
        config.serverDnsNames().stream().filter(n -> !dnsNames.contains(n)).forEach(dnsNames::add);
        tlsProvider = TlsProvider.ofScheduled(new ServerCertificates(ca, dnsNames, clock), Duration.ofMinutes(1),
                                              scheduler);
        final Duration grace = config.shutdownGrace();
        streamServer = BossGroups.applyTo(Server.builder())
                             .https(new InetSocketAddress(config.bindAddress(), config.streamPort()))
                             .tlsProvider(tlsProvider)
                             .service(GrpcService.builder()
                                                 .addService(new MeshDiscoveryService(sessions))
                                                 .maxRequestMessageLength(1024 * 1024)
                                                 .build())
                             .requestTimeout(Duration.ZERO) // streams live as long as the sidecar
                             .maxRequestLength(0)
                             .meterRegistry(meterRegistry)
                             .gracefulShutdownTimeout(Duration.ZERO, grace)
                             .build();
        httpServer = BossGroups.applyTo(Server.builder())
                           .http(new InetSocketAddress(config.bindAddress(), config.httpPort()))
                           .annotatedService(new MeshStatusService(cache, sessions, discovery::watchErrors))
                           .annotatedService(new TrafficStatusService(traffic, config.trafficInterval(), clock))
                           .serviceUnder(Dashboard.PATH, Dashboard.files())
                           .service("/ui", Dashboard.redirect())
                           .service("/metrics", PrometheusExpositionService.of(meterRegistry.getPrometheusRegistry()))
                           .serviceUnder("/docs", new DocService())
                           .gracefulShutdownTimeout(Duration.ZERO, grace)
                           .build();
        try {
            streamServer.start().join();
            httpServer.start().join();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot start the control plane on " + config.bindAddress() +
                                            " (stream port " + config.streamPort() + ", HTTP port " +
                                            config.httpPort() + "): " + e.getMessage(), e);
        }
        discovery.start();
        registration = config.consulRegister()
                       ? new SelfRegistration(new ConsulRegistrar(config.consulUri(), clientFactory), config.consulUri(),
                                              scheduler)
                       : null;
        if (registration != null) { // in the background, retrying; Consul passes it once /readyz does
            registration.register(ReplicaRegistration.of(config, streamPort(), httpPort()));
        }
        logger.info("Control plane up: stream https://{}:{} , HTTP http://{}:{} , Consul {}, CA {} ({})",
                    config.bindAddress(), streamPort(), config.bindAddress(), httpPort(), config.consulUri(),
                    config.caDir(), ca.identityOf(ControlPlaneConfig.CONTROL_PLANE_SERVICE));
    }

    private void registerGauges(ControlPlaneMetrics metrics, Clock clock) {
        metrics.gauge("sidecars.connected", "Sidecars with an authenticated stream", sessions,
                      SessionRegistry::connected);
        metrics.gauge("snapshot.version", "Version of the current mesh snapshot", cache,
                      c -> c.current().version());
        metrics.gauge("snapshot.stale", "1 while Consul is unreachable and the last snapshot is served", cache,
                      c -> c.isStale() ? 1 : 0);
        metrics.gauge("snapshot.services", "Mesh services in the current snapshot", cache,
                      c -> c.current().services().size());
        metrics.functionCounter("consul.watch.errors", "Consul queries that failed", discovery,
                                ConsulDiscovery::watchErrors);
        metrics.secondsSince("consul.last.contact.seconds", "Seconds since Consul last answered",
                             cache::lastContact, clock);
    }

    public ControlPlaneConfig config() {
        return config;
    }

    /** The bound stream port (TLS gRPC). */
    public int streamPort() {
        return streamServer.activeLocalPort();
    }

    /** The bound HTTP port (status API, metrics). */
    public int httpPort() {
        return httpServer.activeLocalPort();
    }

    /** The root certificate (PEM) sidecars trust when they first connect: {@code <caDir>/root.pem}. */
    public Path rootCaPemFile() {
        return ca.rootPemFile();
    }

    /** The SPIFFE ID in the stream's server certificate. */
    public String identity() {
        return ca.identityOf(ControlPlaneConfig.CONTROL_PLANE_SERVICE).uri();
    }

    /** The current mesh snapshot. */
    public MeshSnapshot snapshot() {
        return cache.current();
    }

    /** Whether the first snapshot is built ({@code /readyz}). */
    public boolean isReady() {
        return cache.isReady();
    }

    /** Whether Consul is unreachable and the last good snapshot is being served. */
    public boolean isStale() {
        return cache.isStale();
    }

    @Nullable
    public Instant lastConsulContact() {
        return cache.lastContact();
    }

    /** The traffic per edge over the last minute ({@code /api/v1/traffic}). */
    public List<EdgeStats> traffic() {
        return traffic.edges();
    }

    /** The connected sidecars. */
    public List<SessionView> sidecars() {
        return sessions.views();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        logger.info("Control plane stopping");
        // Out of Consul first, so that sidecars whose stream ends below look up the replicas left.
        if (registration != null) {
            try {
                registration.deregister().get(DEREGISTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                logger.warn("Could not deregister from Consul at {} ({}); its check will turn critical",
                            config.consulUri(), e instanceof ExecutionException ? e.getCause() : e);
            }
        }
        if (sessions != null) {
            sessions.close();
        }
        if (discovery != null) {
            discovery.close();
        }
        if (catalogClient != null) {
            catalogClient.close();
        }
        // Both at once: each waits for its connections to close.
        CompletableFuture.allOf(streamServer != null ? streamServer.stop() : CompletableFuture.completedFuture(null),
                                httpServer != null ? httpServer.stop() : CompletableFuture.completedFuture(null))
                         .join();
        if (clientFactory != null) {
            clientFactory.close();
        }
        if (tlsProvider != null) {
            tlsProvider.close();
        }
        shutdownExecutors();
        logger.info("Control plane stopped");
    }

    private void shutdownExecutors() {
        scheduler.shutdownNow();
        blockingExecutor.shutdownNow();
    }

    /**
     * Supplies the stream's server key pair: a fresh key and certificate (DNS localhost and the configured
     * names, IP 127.0.0.1, the control plane's SPIFFE ID) whenever the current one is past half its life. Called by the
     * TLS provider on the timer thread, never on an event loop.
     */
    private static final class ServerCertificates implements java.util.function.Supplier<TlsKeyPair> {
        private final MeshCa ca;
        private final List<String> dnsNames;
        private final Clock clock;
        @Nullable
        private TlsKeyPair current;
        @Nullable
        private Instant renewAt;

        ServerCertificates(MeshCa ca, List<String> dnsNames, Clock clock) {
            this.ca = ca;
            this.dnsNames = List.copyOf(dnsNames);
            this.clock = clock;
        }

        @Override
        public synchronized TlsKeyPair get() {
            final Instant now = clock.instant();
            if (current == null || !now.isBefore(renewAt)) {
                current = ca.serverKeyPair(ControlPlaneConfig.CONTROL_PLANE_SERVICE, dnsNames, SERVER_CERT_TTL);
                renewAt = now.plus(SERVER_CERT_TTL.dividedBy(2));
                logger.debug("Issued the control plane's server certificate, renewing at {}", renewAt);
            }
            return current;
        }
    }
}
