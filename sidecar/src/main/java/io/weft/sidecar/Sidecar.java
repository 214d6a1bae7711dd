package io.weft.sidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.SessionProtocol;
import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.client.retry.Backoff;
import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.common.util.ThreadFactories;
import com.linecorp.armeria.common.prometheus.PrometheusMeterRegistries;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerPort;

import io.netty.channel.EventLoopGroup;
import io.weft.certs.Pem;
import io.weft.certs.SpiffeId;
import io.weft.sidecar.admin.AdminService;
import io.weft.sidecar.admin.AppHealthCheck;
import io.weft.sidecar.admin.SidecarStatus;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.Listener;
import io.weft.sidecar.config.Mode;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.discovery.DiscoveryClient;
import io.weft.sidecar.discovery.DiscoverySettings;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.discovery.MeshStateStore;
import io.weft.sidecar.discovery.ReconnectBackoff;
import io.weft.sidecar.gateway.EdgeRouter;
import io.weft.sidecar.identity.Credentials;
import io.weft.sidecar.identity.IdentityManager;
import io.weft.sidecar.identity.RenewalPolicy;
import io.weft.sidecar.inbound.AppForwarder;
import io.weft.sidecar.metrics.SidecarMetrics;
import io.weft.sidecar.outbound.OutboundRouter;
import io.weft.sidecar.registration.ConsulRegistrar;
import io.weft.sidecar.routing.Upstreams;
import io.weft.sidecar.tls.InboundHandshakeFailures;
import io.weft.sidecar.tls.MeshTlsProvider;
import io.weft.sidecar.tls.PeerTrust;
import io.weft.sidecar.tls.UpstreamTlsSpecs;
import io.weft.sidecar.transcoding.GrpcJsonTranscoder;

/**
 * A running sidecar: wires config, discovery, identity, TLS, the listeners and the admin endpoint.
 *
 * <p>Threads: Armeria event loops run every listener and client (nothing on them blocks);
 * "weft-discovery" (one thread) applies control plane messages in order and runs keepalives,
 * reconnects and certificate renewal timers; "weft-blocking" runs key generation, consul-api calls
 * and the app health check.
 *
 * <p>Lifecycle: admin and outbound listen at once; the inbound (or edge) listener starts, and the
 * instance registers in Consul, only once a certificate, the trust bundle and the first endpoints
 * arrived ({@link #whenReady()}). {@link #close()} drains: readiness fails, listeners stop taking
 * requests and finish in-flight ones within the grace period, then the instance is deregistered.
 */
public final class Sidecar implements SidecarStatus, AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Sidecar.class);
    static final String VERSION = "weft-sidecar/0.1.0";

    private final SidecarConfig config;
    private final Clock clock;
    private final ScheduledExecutorService discoveryThread;
    private final ExecutorService blockingExecutor;
    private final EventLoopGroup workers;
    private final SidecarMetrics metrics;
    private final MeshStateStore store = new MeshStateStore();
    private final PeerTrust trust;
    private final IdentityManager identity;
    private final ClientFactory clientFactory;
    private final Upstreams upstreams;
    private final OutboundRouter outboundRouter;
    private final Server admin;
    private final Server outbound;
    private final DiscoveryClient discovery;
    private final CompletableFuture<Sidecar> ready = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Drain drain = new Drain();
    private final Backoff registrationBackoff = ReconnectBackoff.of(Duration.ofMillis(500), Duration.ofSeconds(30));
    @Nullable
    private final ConsulRegistrar registrar;
    @Nullable
    private volatile Server inbound;
    @Nullable
    private volatile Server edge;
    @Nullable
    private volatile WebClient appClient;
    private volatile boolean registered;
    private volatile boolean draining;
    @Nullable
    private volatile GrpcJsonTranscoder transcoder;

    /** Starts a sidecar with the system clock. */
    public static Sidecar start(SidecarConfig config) {
        return new Sidecar(config, Clock.systemUTC());
    }

    /** Starts a sidecar whose certificate checks and renewals use {@code clock}. */
    public static Sidecar start(SidecarConfig config, Clock clock) {
        return new Sidecar(config, clock);
    }

    private Sidecar(SidecarConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        final List<X509Certificate> bootstrapRoots = readRoots(config); // fail before starting anything
        discoveryThread = Executors.newSingleThreadScheduledExecutor(
                ThreadFactories.newThreadFactory("weft-discovery", true));
        blockingExecutor = Executors.newCachedThreadPool(ThreadFactories.newThreadFactory("weft-blocking", true));
        // Every listener and upstream connection shares these few I/O threads, not Armeria's common pool
        // (2 per core): with one, a proxied request is read, forwarded and answered on one thread, with
        // no hand-off between event loops (the largest cost in the bench's profile after Armeria itself).
        workers = EventLoopGroups.newEventLoopGroup(config.eventLoops(), "weft-io", true);
        metrics = new SidecarMetrics(PrometheusMeterRegistries.newRegistry());
        trust = new PeerTrust(clock, metrics);
        store.addListener(trust::onMeshState);
        identity = new IdentityManager(SpiffeId.of(config.trustDomain(), config.datacenter(), config.service()),
                                       clock, discoveryThread, blockingExecutor,
                                       new RenewalPolicy(() -> ThreadLocalRandom.current().nextDouble()));
        metrics.gauge("weft.certificate.expiry.seconds", "Seconds until this sidecar's certificate expires",
                      identity::secondsToExpiry);
        metrics.gauge("weft.certificate.rotations", "Certificates replaced by renewal", identity::rotations);
        metrics.gauge("weft.ready", "1 when serving", () -> ready() ? 1 : 0);
        clientFactory = ClientFactory.builder()
                                     .workerGroup(workers, false)
                                     .connectTimeout(config.limits().connectTimeout())
                                     .idleTimeout(config.limits().idleTimeout())
                                     .meterRegistry(metrics.registry())
                                     .build();
        final UpstreamTlsSpecs tlsSpecs = new UpstreamTlsSpecs(identity, trust, this::expectedIdentity);
        upstreams = new Upstreams(service -> RequestPath.cluster(service, config, metrics),
                                  (service, cluster) -> RequestPath.upstreamClient(service, cluster, clientFactory,
                                                                                   tlsSpecs));
        store.addListener(upstreams::onMeshState);
        outboundRouter = new OutboundRouter(upstreams);
        registrar = config.consulRegister() ? new ConsulRegistrar(config.consulUri().getHost(),
                                                                  config.consulUri().getPort(), blockingExecutor)
                                            : null;

        admin = listener(config.admin(), false).build(sb -> new AdminService(
                this, metrics, config.mode() == Mode.SIDECAR
                               ? new AppHealthCheck(config.appHost(), config.appPort(), Duration.ofSeconds(1))
                               : null, blockingExecutor).configure(sb));
        outbound = listener(config.outbound(), false).build(
                sb -> sb.serviceUnder("/", RequestPath.outbound(outboundRouter, metrics, drain)));

        discovery = new DiscoveryClient(
                new DiscoverySettings(config.controlPlaneAddress(), config.service(), config.instanceId(),
                                      config.token(), config.upstreams(), config.keepaliveInterval(), VERSION),
                bootstrapRoots, clientFactory, store, identity, discoveryThread,
                ReconnectBackoff.of(config.reconnectMinBackoff(), config.reconnectMaxBackoff()), clock);
        discovery.whenInitialState().thenRunAsync(this::becomeReady, blockingExecutor);
        discovery.start();
        logger.info("Sidecar {} ({}) started: admin :{}, outbound :{}; waiting for certificate and endpoints",
                    config.instanceId(), config.mode(), adminPort(), outboundPort());
    }

    private void becomeReady() {
        try {
            if (config.mode() == Mode.SIDECAR) {
                final WebClient app = WebClient.builder(config.appProtocol() == AppProtocol.GRPC ? SessionProtocol.H2C
                                                                                               : SessionProtocol.HTTP,
                                                        Endpoint.of(config.appHost(), config.appPort()))
                                               .factory(clientFactory)
                                               .responseTimeout(Duration.ZERO) // the listener's timeout governs
                                               .maxResponseLength(0)
                                               .build();
                appClient = app;
                final Function<? super HttpService, ? extends HttpService> transcoding;
                if (config.appProtocol() == AppProtocol.GRPC) {
                    final GrpcJsonTranscoder t = GrpcJsonTranscoder.builder(app)
                            .maxMessageLength((int) Math.min(Integer.MAX_VALUE, config.limits().maxRequestBytes()))
                            .build()
                            .start();
                    transcoder = t;
                    transcoding = t.newDecorator();
                } else {
                    transcoding = Function.identity(); // an HTTP app gets requests as they are
                }
                final HttpService path = RequestPath.inbound(
                        new AppForwarder(app, config.appHost() + ':' + config.appPort()), transcoding, store, config,
                        metrics, drain);
                final MeshTlsProvider tls = new MeshTlsProvider(identity, trust);
                inbound = listener(config.inbound(), true).build(
                        sb -> sb.tlsProvider(tls, tls.serverTlsConfig())
                                .childChannelPipelineCustomizer(new InboundHandshakeFailures(metrics)::install)
                                .serviceUnder("/", path));
            } else {
                edge = listener(config.edge(), false).build(
                        sb -> sb.serviceUnder("/", RequestPath.edge(new EdgeRouter(upstreams, outboundRouter),
                                                                    metrics, drain)));
            }
            if (registrar != null && config.mode() == Mode.SIDECAR) {
                register(1);
            }
            logger.info("Sidecar {} ready: {}", config.instanceId(),
                        config.mode() == Mode.SIDECAR ? "inbound :" + inboundPort() : "edge :" + edgePort());
            ready.complete(this);
        } catch (RuntimeException e) {
            logger.error("Sidecar {} could not become ready", config.instanceId(), e);
            ready.completeExceptionally(e);
        }
    }

    /** Registers in Consul; on failure retries with backoff in the background (the sidecar still serves). */
    private void register(int attempt) {
        if (closed.get() || registrar == null) {
            return;
        }
        registrar.register(new ConsulRegistrar.Registration(
                config.instanceId(), config.service(), config.advertiseAddress(), inboundPort(),
                config.appProtocol().metaValue(),
                healthCheckUrl(), "2s"))
                 .whenComplete((unused, e) -> {
                     if (e == null) {
                         registered = true;
                         return;
                     }
                     final long delay = registrationBackoff.nextDelayMillis(attempt);
                     logger.warn("Consul registration of {} at {} failed (attempt {}): {}; retrying in {} ms",
                                 config.instanceId(), config.consulUri(), attempt, e.getMessage(), delay);
                     if (!closed.get()) {
                         discoveryThread.schedule(() -> register(attempt + 1), delay, TimeUnit.MILLISECONDS);
                     }
                 });
    }

    /** The SPIFFE ID the control plane says {@code service}'s endpoints carry, or {@code null}. */
    @Nullable
    private String expectedIdentity(String service) {
        final var endpoints = store.current().endpointsOf(service);
        return endpoints == null || endpoints.endpoints().isEmpty() ? null
                                                                    : endpoints.endpoints().get(0).spiffeId();
    }

    /** Completes when the sidecar serves (inbound or edge listener up; Consul registration follows). */
    public CompletableFuture<Sidecar> whenReady() {
        return ready;
    }

    public SidecarConfig config() {
        return config;
    }

    public SidecarMetrics metrics() {
        return metrics;
    }

    public IdentityManager identity() {
        return identity;
    }

    public MeshStateStore meshState() {
        return store;
    }

    public DiscoveryClient discovery() {
        return discovery;
    }

    /**
     * The URL Consul probes. Consul may run elsewhere (another container), so a wildcard admin bind is
     * reached through the advertised address, a specific bind through that address itself.
     */
    private String healthCheckUrl() {
        final String bind = config.admin().bindAddress();
        final boolean wildcard = "0.0.0.0".equals(bind) || "::".equals(bind) || "[::]".equals(bind);
        final String host = wildcard ? config.advertiseAddress() : bind;
        final String authority = host.indexOf(':') >= 0 && !host.startsWith("[") ? '[' + host + ']' : host;
        return "http://" + authority + ':' + adminPort() + "/healthz";
    }

    public int adminPort() {
        return portOf(admin);
    }

    public int outboundPort() {
        return portOf(outbound);
    }

    // Server.activeLocalPort() only knows loopback and wildcard binds; a listener bound to a container's
    // own address has neither, so read the port of whatever the server is bound to.
    private static int portOf(Server server) {
        final ServerPort port = server.activePort();
        if (port == null) {
            throw new IllegalStateException("listener not started");
        }
        return port.localAddress().getPort();
    }

    /** The inbound port; throws until ready. */
    public int inboundPort() {
        final Server s = inbound;
        if (s == null) {
            throw new IllegalStateException("inbound listener not started (mode " + config.mode() +
                                            ", ready " + ready.isDone() + ')');
        }
        return portOf(s);
    }

    /** The edge port (gateway mode); throws until ready. */
    public int edgePort() {
        final Server s = edge;
        if (s == null) {
            throw new IllegalStateException("edge listener not started (mode " + config.mode() + ')');
        }
        return portOf(s);
    }

    @Override
    public boolean ready() {
        return ready.isDone() && !ready.isCompletedExceptionally() && !draining;
    }

    @Override
    public String readinessDetail() {
        if (draining) {
            return "draining";
        }
        if (ready.isCompletedExceptionally()) {
            return "failed to start listeners: " + ready.handle((s, e) -> String.valueOf(e)).join();
        }
        final List<String> missing = new ArrayList<>();
        if (identity.current() == null) {
            missing.add("no certificate");
        }
        if (store.current().trustBundle() == null) {
            missing.add("no trust bundle");
        }
        if (!discovery.connected()) {
            missing.add("control plane not connected");
        }
        if (missing.isEmpty() && !ready.isDone()) {
            missing.add("waiting for first endpoints");
        }
        return missing.isEmpty() ? "ready" : String.join(", ", missing);
    }

    @Override
    public Map<String, Object> configView() {
        final GrpcJsonTranscoder t = transcoder;
        return ConfigView.of(config, identity.current(), store.current(), upstreams, discovery,
                             t == null ? null : t.state());
    }

    @Override
    public Map<String, Object> certs() {
        final Credentials c = identity.current();
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("spiffeId", c == null ? null : c.spiffeId().uri());
        out.put("version", c == null ? null : c.version());
        out.put("secondsToExpiry", c == null ? null : identity.secondsToExpiry());
        out.put("rotations", identity.rotations());
        out.put("chain", c == null ? List.of() : c.chain().stream().map(Sidecar::summary).toList());
        final MeshState state = store.current();
        out.put("trustBundle", state.trustBundle() == null ? List.of()
                                                          : state.trustBundle().roots().stream()
                                                                 .map(Sidecar::summary).toList());
        return out;
    }

    private static Map<String, Object> summary(X509Certificate cert) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", cert.getSubjectX500Principal().getName());
        m.put("issuer", cert.getIssuerX500Principal().getName());
        m.put("serial", cert.getSerialNumber().toString(16));
        m.put("notBefore", cert.getNotBefore().toInstant().toString());
        m.put("notAfter", cert.getNotAfter().toInstant().toString());
        return m;
    }

    /**
     * Graceful stop: fail readiness, stop taking new requests and let in-flight ones finish within the
     * grace period, deregister from Consul, then release everything.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        draining = true;
        logger.info("Sidecar {} draining {} in-flight request(s) (grace {})", config.instanceId(), drain.inFlight(),
                    config.shutdownGrace());
        try {
            drain.start().get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            logger.warn("Sidecar {}: {} request(s) still in flight after the grace period; stopping anyway",
                        config.instanceId(), drain.inFlight());
        }
        // Netty takes ~2 s to release each listener's boss loop: stop them all at once.
        final List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Server s : new Server[] { edge, inbound, outbound, admin }) {
            if (s != null) {
                stops.add(s.stop());
            }
        }
        CompletableFuture<Void> deregistered = CompletableFuture.completedFuture(null);
        if (registered && registrar != null) {
            deregistered = registrar.deregister(config.instanceId());
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        try {
            deregistered.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            logger.warn("Could not deregister {} from Consul", config.instanceId(), e);
        }
        final GrpcJsonTranscoder t = transcoder;
        if (t != null) {
            t.close();
        }
        discovery.close();
        identity.close();
        upstreams.close();
        clientFactory.close();
        discoveryThread.shutdownNow();
        blockingExecutor.shutdownNow();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS); // everything on them has been closed
        ready.completeExceptionally(new IllegalStateException("closed"));
        logger.info("Sidecar {} stopped", config.instanceId());
    }

    private ListenerBuilder listener(Listener listener, boolean tls) {
        return new ListenerBuilder(listener, tls);
    }

    /** Every listener gets the same deliberate limits and graceful-shutdown behaviour. */
    private final class ListenerBuilder {
        private final Listener listener;
        private final boolean tls;

        ListenerBuilder(Listener listener, boolean tls) {
            this.listener = listener;
            this.tls = tls;
        }

        Server build(java.util.function.Consumer<ServerBuilder> routes) {
            final InetSocketAddress address = new InetSocketAddress(listener.bindAddress(), listener.port());
            final ServerBuilder sb = Server.builder();
            if (tls) {
                sb.https(address);
            } else {
                sb.http(address);
            }
            sb.requestTimeout(config.limits().requestTimeout())
              .maxRequestLength(config.limits().maxRequestBytes())
              .http1MaxHeaderSize(config.limits().maxHeaderBytes())
              .http2MaxHeaderListSize(config.limits().maxHeaderBytes())
              .http2MaxStreamsPerConnection(config.limits().maxConcurrentStreams())
              .workerGroup(workers, false)
              .idleTimeout(config.limits().idleTimeout())
              .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO) // Drain already waited
              .meterRegistry(metrics.registry());
            routes.accept(sb);
            final Server server = sb.build();
            server.start().join();
            return server;
        }
    }

    private static List<X509Certificate> readRoots(SidecarConfig config) {
        try {
            final List<X509Certificate> roots = Pem.parseCertificates(Files.readString(config.bootstrapCaFile()));
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("bootstrap-ca-file: " + config.bootstrapCaFile() +
                                                   " (expected: at least one PEM certificate)");
            }
            return roots;
        } catch (IOException e) {
            throw new UncheckedIOException("bootstrap-ca-file: cannot read " + config.bootstrapCaFile(), e);
        }
    }
}
