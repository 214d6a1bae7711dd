package io.weft.sidecar;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.SessionProtocol;
import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.common.util.ThreadFactories;
import com.linecorp.armeria.common.prometheus.PrometheusMeterRegistries;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerPort;

import io.netty.channel.EventLoopGroup;
import io.weft.certs.SpiffeId;
import io.weft.common.netty.BossGroups;
import io.weft.sidecar.admin.AdminService;
import io.weft.sidecar.admin.AppHealthCheck;
import io.weft.sidecar.admin.CertsView;
import io.weft.sidecar.admin.ConfigView;
import io.weft.sidecar.admin.Readiness;
import io.weft.sidecar.admin.SidecarStatus;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.InboundRelay;
import io.weft.sidecar.config.OutboundRelay;
import io.weft.sidecar.config.Listener;
import io.weft.sidecar.config.Mode;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.discovery.DiscoveryClient;
import io.weft.sidecar.discovery.DiscoverySettings;
import io.weft.sidecar.discovery.MeshStateStore;
import io.weft.sidecar.discovery.ControlPlaneReplicas;
import io.weft.sidecar.discovery.ReconnectBackoff;
import io.weft.sidecar.gateway.EdgeRouter;
import io.weft.sidecar.identity.IdentityManager;
import io.weft.sidecar.identity.RenewalPolicy;
import io.weft.sidecar.inbound.AppForwarder;
import io.weft.sidecar.inbound.RelayedPeer;
import io.weft.sidecar.metrics.SidecarMetrics;
import io.weft.sidecar.metrics.TrafficSummaries;
import io.weft.sidecar.observability.HopObservation;
import io.weft.sidecar.outbound.OutboundRouter;
import io.weft.common.consul.ConsulRegistrar;
import io.weft.sidecar.registration.Registration;
import io.weft.common.consul.SelfRegistration;
import io.weft.sidecar.relay.InboundFront;
import io.weft.sidecar.relay.OutboundFront;
import io.weft.sidecar.routing.ConnectTimeoutFactories;
import io.weft.sidecar.routing.Upstreams;
import io.weft.sidecar.tls.BootstrapTrust;
import io.weft.sidecar.tls.InboundHandshakeFailures;
import io.weft.sidecar.tls.InboundTls;
import io.weft.sidecar.tls.MeshTlsProvider;
import io.weft.sidecar.tls.PeerTrust;
import io.weft.sidecar.tls.RotationDrain;
import io.weft.sidecar.tls.UpstreamTlsSpecs;
import io.weft.sidecar.transcoding.GrpcJsonTranscoder;

/**
 * A running sidecar: wires config, discovery, identity, TLS, the listeners and the admin endpoint.
 *
 * <p>Threads: Armeria event loops run every listener and client (nothing on them blocks);
 * "weft-discovery" (one thread) applies control plane messages in order and runs keepalives,
 * reconnects and certificate renewal timers; "weft-blocking" runs key generation and the app health
 * check; Consul registration goes out on the event loops like any other client call.
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
    /** The outbound port's Netty front ({@code --outbound-relay netty}); {@link #outbound} is then private. */
    @Nullable
    private final OutboundFront outboundFront;
    private final DiscoveryClient discovery;
    private final CompletableFuture<Sidecar> ready = new CompletableFuture<>();
    /** Completes once the admin and outbound listeners are up: {@link #becomeReady()} waits for it too. */
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private final Readiness readiness;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Apart so that a managed app's own calls keep going out while no new request comes in.
    private final Drain inboundDrain = new Drain();
    private final Drain outboundDrain = new Drain();
    private final CompletableFuture<Void> quitRequested = new CompletableFuture<>();
    private final HopObservation observation;
    @Nullable
    private final SelfRegistration registration;
    @Nullable
    private volatile Server inbound;
    /** The inbound port's Netty front ({@code --inbound-relay netty}); {@link #inbound} is then private. */
    @Nullable
    private volatile InboundFront inboundFront;
    @Nullable
    private volatile Server edge;
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
        // fail before starting anything
        final List<X509Certificate> bootstrapRoots = BootstrapTrust.readRoots(config.bootstrapCaFile());
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
        identity.prepareCsr(); // the key and CSR are made while the rest starts, not once the stream is open
        metrics.gauge("weft.certificate.expiry.seconds", "Seconds until this sidecar's certificate expires",
                      identity::secondsToExpiry);
        metrics.gauge("weft.certificate.rotations", "Certificates replaced by renewal", identity::rotations);
        metrics.gauge("weft.ready", "1 when serving", () -> ready() ? 1 : 0);
        // The Armeria paths' upstream connections made with a certificate that rotated out drain (RotationDrain)
        final RotationDrain rotationDrain = new RotationDrain();
        identity.addListener(credentials -> rotationDrain.rotated());
        clientFactory = config.limits().applyTo(ClientFactory.builder())
                              .workerGroup(workers, false)
                              .meterRegistry(metrics.registry())
                              .connectionPoolListener(rotationDrain)
                              .build();
        final UpstreamTlsSpecs tlsSpecs = new UpstreamTlsSpecs(identity, trust, this::expectedIdentity);
        // A resolver's ConnectTimeout: a factory per timeout, like this one; unused, closed after an idle timeout
        final ConnectTimeoutFactories factories = new ConnectTimeoutFactories(
                clientFactory, config.limits().connectTimeout(),
                timeout -> config.limits().applyTo(ClientFactory.builder()).connectTimeout(timeout)
                                 .connectionPoolListener(rotationDrain)
                                 .workerGroup(workers, false).meterRegistry(metrics.registry()).build(),
                discoveryThread, config.limits().idleTimeout());
        upstreams = new Upstreams(service -> RequestPath.cluster(service, config, metrics), factories,
                                  (service, cluster, factory) -> RequestPath.upstreamClient(service, cluster, factory,
                                                                                            tlsSpecs));
        store.addListener(upstreams::onMeshState);
        outboundRouter = new OutboundRouter(upstreams);
        observation = Observations.of(config, metrics.registry());
        registration = config.consulRegister() && config.mode() == Mode.SIDECAR
                       ? new SelfRegistration(new ConsulRegistrar(config.consulUri(), clientFactory),
                                              config.consulUri(), discoveryThread)
                       : null;
        discovery = new DiscoveryClient(
                new DiscoverySettings(config.controlPlaneAddress(), config.service(), config.instanceId(),
                                      config.token(), config.upstreams(), config.keepaliveInterval(), VERSION),
                bootstrapRoots,
                ControlPlaneReplicas.of(config.controlPlaneAddress(), config.consulUri(), clientFactory),
                store, identity, workers, discoveryThread,
                ReconnectBackoff.of(config.reconnectMinBackoff(), config.reconnectMaxBackoff()), clock);
        discovery.reportTraffic(new TrafficSummaries(metrics, clock)::next); // golden metrics per edge, if asked
        readiness = new Readiness(ready, () -> identity.current() != null,
                                  () -> store.current().trustBundle() != null, discovery::connected);
        // Dialled before the listeners below start, not after: the stream's connect and TLS handshake, the
        // certificate's issuing and the first push overlap with starting them. Ready needs both.
        discovery.whenInitialState().thenCombine(listening, (state, listeners) -> null)
                 .thenRunAsync(this::becomeReady, blockingExecutor);
        discovery.start();
        try { // the admin and outbound listeners serve from the start, before the sidecar is ready
            admin = listen(config.admin(), false, sb -> new AdminService(
                    this, metrics, config.mode() == Mode.SIDECAR
                                   ? new AppHealthCheck(config.appHost(), config.appPort(), Duration.ofSeconds(1))
                                   : null, blockingExecutor).configure(sb));
            final RequestPath.Listener outboundPath = RequestPath.outbound(outboundRouter, config, metrics, observation,
                                                                          outboundDrain);
            // The outbound port serves this instance's own app on loopback: a gRPC client whose deadlines expire
            // cancels each call with RST_STREAM, and Netty's rapid-reset guard (400 a minute) would close the
            // app's whole connection, failing every other call on it. The guard stays on every other listener.
            final Consumer<ServerBuilder> outboundListener =
                    sb -> outboundPath.applyTo(sb.http2MaxResetFramesPerWindow(0, 0));
            if (config.outboundRelay() == OutboundRelay.NETTY) {
                // The Netty front owns the port; what it does not relay itself goes to the Armeria path on a
                // private loopback listener (the outbound port is loopback and unauthenticated too).
                outbound = listen(new Listener("127.0.0.1", 0), false, outboundListener);
                outboundFront = RequestPath.outboundFront(workers, new InetSocketAddress("127.0.0.1", portOf(outbound)),
                                                          outboundRouter, tlsSpecs, config, metrics, observation,
                                                          outboundDrain);
                store.addListener(outboundFront::onMeshState);
            } else {
                outbound = listen(config.outbound(), false, outboundListener);
                outboundFront = null;
            }
        } catch (RuntimeException e) {
            discovery.close(); // a sidecar that could not start leaves no stream open
            throw e;
        }
        listening.complete(null);
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
                final AppForwarder toApp = new AppForwarder(app, config.appHost() + ':' + config.appPort());
                if (config.inboundRelay() == InboundRelay.NETTY) {
                    // The Netty front owns the port; what it does not relay itself goes to the Armeria path
                    // on a private loopback listener, trusting only the identity the front vouches for.
                    final RelayedPeer relayed = new RelayedPeer();
                    final Server behind = listen(new Listener("127.0.0.1", 0), false, RequestPath.inbound(
                            toApp, transcoding, store, config, metrics, observation, inboundDrain, relayed)::applyTo);
                    inbound = behind;
                    inboundFront = RequestPath.inboundFront(new InboundTls(identity, trust), workers,
                                                            new InetSocketAddress("127.0.0.1", portOf(behind)),
                                                            relayed, transcoder, store, config, metrics, observation,
                                                            inboundDrain);
                } else {
                    final RequestPath.Listener path = RequestPath.inbound(toApp, transcoding, store, config,
                                                                          metrics, observation, inboundDrain, null);
                    final MeshTlsProvider tls = new MeshTlsProvider(identity, trust);
                    inbound = listen(config.inbound(), true,
                                     sb -> path.applyTo(sb.tlsProvider(tls, tls.serverTlsConfig())
                                                          .childChannelPipelineCustomizer(
                                                                  new InboundHandshakeFailures(metrics)::install)));
                }
            } else {
                edge = listen(config.edge(), false,
                              RequestPath.edge(new EdgeRouter(upstreams, outboundRouter), config, metrics,
                                               observation, inboundDrain)::applyTo);
            }
            if (registration != null) { // registers in the background, retrying; the sidecar serves meanwhile
                registration.register(Registration.of(config, inboundPort(), adminPort()));
            }
            logger.info("Sidecar {} ready: {}", config.instanceId(),
                        config.mode() == Mode.SIDECAR ? "inbound :" + inboundPort() : "edge :" + edgePort());
            ready.complete(this);
        } catch (RuntimeException e) {
            logger.error("Sidecar {} could not become ready", config.instanceId(), e);
            ready.completeExceptionally(e);
        }
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

    public int adminPort() {
        return portOf(admin);
    }

    public int outboundPort() {
        final OutboundFront front = outboundFront;
        return front != null ? front.port() : portOf(outbound);
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
        final InboundFront front = inboundFront;
        if (front != null) {
            return front.port();
        }
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
        return readiness.ready();
    }

    @Override
    public String readinessDetail() {
        return readiness.detail();
    }

    @Override
    public ConfigView configView() {
        final GrpcJsonTranscoder t = transcoder;
        return ConfigView.of(config, identity.current(), store.current(), upstreams.describe(), discovery,
                             t == null ? null : t.state());
    }

    @Override
    public CertsView certs() {
        return CertsView.of(identity, store.current());
    }

    @Override
    public void requestQuit() {
        quitRequested.complete(null);
    }

    /**
     * Completes when an app asked this sidecar to end ({@code POST /quitquitquit}); whoever runs the
     * sidecar decides what follows (the binary stops as on SIGTERM). Completes on an event loop.
     */
    public CompletableFuture<Void> whenQuitRequested() {
        return quitRequested;
    }

    /**
     * Stops taking new inbound (or edge) requests: readiness fails and new ones get 503 / UNAVAILABLE.
     * The outbound listener keeps serving, so an app that is finishing can still make its calls. The
     * future completes when no inbound request is in flight; {@link #close()} still has to follow.
     */
    public CompletableFuture<Void> drainInbound() {
        readiness.drain();
        return inboundDrain.start();
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
        readiness.drain();
        logger.info("Sidecar {} draining {} in-flight request(s) (grace {})", config.instanceId(), inFlight(),
                    config.shutdownGrace());
        try {
            CompletableFuture.allOf(inboundDrain.start(), outboundDrain.start())
                             .get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            logger.warn("Sidecar {}: {} request(s) still in flight after the grace period; stopping anyway",
                        config.instanceId(), inFlight());
        }
        final InboundFront front = inboundFront;
        if (front != null) {
            front.close();
        }
        if (outboundFront != null) {
            outboundFront.close();
        }
        // Stopped together: each listener waits for its connections to close.
        final List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Server s : new Server[] { edge, inbound, outbound, admin }) {
            if (s != null) {
                stops.add(s.stop());
            }
        }
        final CompletableFuture<Void> deregistered = registration == null ? CompletableFuture.completedFuture(null)
                                                                         : registration.deregister();
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
        observation.close(); // flushes queued spans and access log lines
        clientFactory.close();
        discoveryThread.shutdownNow();
        blockingExecutor.shutdownNow();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS); // everything on them has been closed
        ready.completeExceptionally(new IllegalStateException("closed"));
        logger.info("Sidecar {} stopped", config.instanceId());
    }

    private int inFlight() {
        return inboundDrain.inFlight() + outboundDrain.inFlight();
    }

    /** Starts a listener; every one gets the same limits, I/O threads and graceful-shutdown behaviour. */
    private Server listen(Listener listener, boolean tls, Consumer<ServerBuilder> routes) {
        final InetSocketAddress address = new InetSocketAddress(listener.bindAddress(), listener.port());
        final ServerBuilder sb = tls ? Server.builder().https(address) : Server.builder().http(address);
        config.limits().applyTo(BossGroups.applyTo(sb))
              .workerGroup(workers, false)
              .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO) // Drain already waited
              .meterRegistry(metrics.registry());
        routes.accept(sb);
        final Server server = sb.build();
        server.start().join();
        return server;
    }
}
