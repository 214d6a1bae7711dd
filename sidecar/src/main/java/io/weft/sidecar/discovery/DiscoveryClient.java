package io.weft.sidecar.discovery;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.client.retry.Backoff;
import com.linecorp.armeria.common.util.Exceptions;
import io.weft.common.annotation.Nullable;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.weft.protocol.v1.Ack;
import io.weft.protocol.v1.CertificateRequest;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Hello;
import io.weft.protocol.v1.Keepalive;
import io.weft.protocol.v1.MeshDiscoveryGrpc;
import io.weft.protocol.v1.ResourceType;
import io.weft.protocol.v1.SidecarMessage;
import io.weft.protocol.v1.TrafficSummary;
import io.weft.sidecar.identity.IdentityManager;

/**
 * The sidecar's end of {@code MeshDiscovery.Stream} (see mesh.proto for the flow), the transport only:
 * Hello + CSR on every connect, keepalives, reconnects; every pushed resource is decoded by
 * {@link ResourceDecoder}, applied to {@link MeshStateStore} (or to {@link IdentityManager} for
 * certificates) and ACKed, or NACKed with the reason it was rejected.
 *
 * <p>Replicas: before each connect it asks {@link ControlPlaneReplicas} where the replicas are and
 * {@link ReplicaRotation} which one to dial. A lost stream reconnects to another replica at once, and so
 * does a replica that fails before answering; only when none answers does it wait, with exponential
 * backoff and jitter. It keeps all state it has meanwhile; the new replica issues a certificate for the
 * CSR sent on connect.
 *
 * <p>Threads: the stream runs on the sidecar's own event loops (no pool of its own), and gRPC callbacks
 * arriving there are handed to {@code scheduler} (a single thread), which applies messages in order, runs
 * keepalives and reconnects.
 */
public final class DiscoveryClient implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(DiscoveryClient.class);
    /** Rounds of no replica answering that pass without a WARN (then one every 10 rounds). */
    private static final int QUIET_ROUNDS = 5;

    private final DiscoverySettings settings;
    private final MeshStateStore store;
    private final IdentityManager identity;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Clock clock;
    private final ControlPlaneReplicas replicas;
    private final ReplicaRotation rotation;
    private final ClientFactory factory;
    /** One stub per replica address, made on first use (on the discovery thread). */
    private final Map<String, MeshDiscoveryGrpc.MeshDiscoveryStub> stubs = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> initialState = new CompletableFuture<>();
    private final Set<ResourceId> seenResources = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> ackedVersions = new ConcurrentHashMap<>();

    @Nullable
    private volatile Connection connection;
    private volatile boolean closed;
    private volatile long connects;
    private int failedRounds;
    private List<String> knownReplicas = List.of();
    @Nullable
    private ScheduledFuture<?> keepalive;
    @Nullable
    private TrafficReports trafficReports;

    /**
     * A client of the replicas {@code replicas} names ({@code settings.address()} is how they were given,
     * for logs), connecting on {@code eventLoops} (its connection ends when they are shut down); nothing is
     * dialled before {@link #start()}.
     */
    public DiscoveryClient(DiscoverySettings settings, List<X509Certificate> bootstrapRoots,
                           ControlPlaneReplicas replicas, MeshStateStore store, IdentityManager identity,
                           EventLoopGroup eventLoops, ScheduledExecutorService scheduler, Backoff backoff,
                           Clock clock) {
        this.settings = settings;
        this.store = store;
        this.identity = identity;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.clock = clock;
        this.replicas = replicas;
        rotation = new ReplicaRotation(settings.instanceId());
        // Not Armeria's common worker pool: its threads (and their buffer caches) would stay for one stream.
        factory = ClientFactory.builder()
                               .workerGroup(eventLoops, false)
                               .tlsCustomizer(b -> b.trustManager(bootstrapRoots))
                               .connectTimeout(Duration.ofSeconds(5))
                               .build();
        identity.csrSink(this::sendCsr);
    }

    /**
     * Where traffic summaries come from when a control plane asks for them; called on the discovery
     * thread. Without it (or with an older control plane, which never asks) none are sent. Call before
     * {@link #start()}.
     */
    public void reportTraffic(Supplier<@Nullable TrafficSummary> summaries) {
        trafficReports = new TrafficReports(scheduler, summaries);
    }

    public void start() {
        scheduler.execute(this::connect);
    }

    /** Completes once the certificate, trust bundle and first endpoints/intentions arrived. */
    public CompletableFuture<Void> whenInitialState() {
        return initialState;
    }

    public boolean connected() {
        return connection != null;
    }

    public long connects() {
        return connects;
    }

    /** The replica ({@code host:port}) of the live stream, or {@code null} while there is none. */
    @Nullable
    public String replica() {
        final Connection conn = connection;
        return conn == null ? null : conn.replica;
    }

    /** The last ACKed version per resource ("ENDPOINTS/sum" -> 7), by name, for /config. */
    public Map<String, Long> ackedVersions() {
        return Collections.unmodifiableMap(new TreeMap<>(ackedVersions));
    }

    /** Looks the replicas up, then dials the next one (on the discovery thread). */
    private void connect() {
        if (closed) {
            return;
        }
        replicas.addresses().whenComplete((found, error) -> hop(() -> {
            if (error != null) {
                logger.warn("Cannot look up the control plane replicas in {}: {}; trying the last known {}",
                            replicas, Exceptions.peel(error).toString(), knownReplicas);
            } else {
                knownReplicas = found;
            }
            connectTo(rotation.next(knownReplicas));
        }));
    }

    private void connectTo(@Nullable String replica) {
        if (closed) {
            return;
        }
        if (replica == null) {
            final long delayMillis = backoff.nextDelayMillis(++failedRounds);
            // A restart keeps every replica away for a few rounds: quiet then, a WARN once it lasts.
            final boolean lasting = failedRounds >= QUIET_ROUNDS && (failedRounds - QUIET_ROUNDS) % 10 == 0;
            final String message = "No control plane replica of {} answered ({} rounds; known: {}); retrying in {} "
                                   + "ms, keeping current state";
            if (lasting) {
                logger.warn(message, settings.address(), failedRounds, knownReplicas, delayMillis);
            } else {
                logger.debug(message, settings.address(), failedRounds, knownReplicas, delayMillis);
            }
            rotation.newRound();
            scheduler.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
            return;
        }
        final Connection conn = new Connection(replica);
        conn.outbound = stubs.computeIfAbsent(replica, this::newStub).stream(conn);
        connection = conn;
        connects++;
        conn.send(SidecarMessage.newBuilder().setHello(
                Hello.newBuilder().setService(settings.service()).setInstanceId(settings.instanceId())
                     .setBootstrapToken(settings.token()).addAllUpstreams(settings.upstreams())
                     .setAllUpstreams(settings.upstreams().isEmpty()).setSidecarVersion(settings.version()))
                                        .build());
        sendCsr(conn);
        if (keepalive == null) {
            final long period = settings.keepaliveInterval().toMillis();
            keepalive = scheduler.scheduleAtFixedRate(this::sendKeepalive, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private MeshDiscoveryGrpc.MeshDiscoveryStub newStub(String replica) {
        return GrpcClients.builder("https://" + replica)
                          .factory(factory)
                          .responseTimeout(Duration.ZERO)
                          .maxResponseLength(0)
                          .build(MeshDiscoveryGrpc.MeshDiscoveryStub.class);
    }

    private void sendCsr(Connection conn) {
        identity.newCsr().thenAccept(csr -> conn.send(SidecarMessage.newBuilder().setCertificateRequest(
                CertificateRequest.newBuilder().setCsrPem(csr)).build()));
    }

    /** Renewals: send on the live stream; if there is none, the next connect sends a fresh CSR anyway. */
    private void sendCsr(String csrPem) {
        final Connection conn = connection;
        if (conn != null) {
            conn.send(SidecarMessage.newBuilder().setCertificateRequest(
                    CertificateRequest.newBuilder().setCsrPem(csrPem)).build());
        }
    }

    private void sendKeepalive() {
        final Connection conn = connection;
        if (conn != null) {
            conn.send(SidecarMessage.newBuilder().setKeepalive(
                    Keepalive.newBuilder().setSentAtUnixMillis(clock.millis())).build());
        }
    }

    private void apply(Connection conn, ControlMessage message) {
        if (!conn.answered) {
            conn.answered = true;
            failedRounds = 0;
            rotation.answered(conn.replica);
            logger.info("Control plane stream to {} established", conn.replica);
        }
        switch (message.getKindCase()) {
            case CERTIFICATE -> ack(conn, message, () -> identity.accept(
                    ResourceDecoder.certificateChain(message.getCertificate()), message.getCertificate().getVersion()));
            case TRUST_BUNDLE, ENDPOINTS, INTENTIONS, ROUTES -> ack(conn, message,
                                                            () -> store.update(ResourceDecoder.stateChange(message)));
            // Answering the control plane's keepalive keeps this stream alive whatever interval each
            // side was configured with (the control plane drops a sidecar silent for 3 of its intervals).
            case KEEPALIVE -> sendKeepalive();
            case TRAFFIC_REPORTING -> {
                if (trafficReports != null) {
                    trafficReports.start(message.getTrafficReporting().getIntervalMillis(), conn::send);
                }
            }
            case KIND_NOT_SET -> { }
        }
        checkInitialState();
    }

    /** Applies a pushed resource and ACKs it, or NACKs it with the reason it could not be applied. */
    private void ack(Connection conn, ControlMessage message, Runnable apply) {
        final ResourceId id = requireNonNull(ResourceDecoder.idOf(message), "id");
        final long version = ResourceDecoder.versionOf(message);
        String error = "";
        try {
            apply.run();
            ackedVersions.put(id.key(), version);
            seenResources.add(id);
        } catch (RuntimeException e) {
            error = String.valueOf(e.getMessage());
            logger.warn("NACK {} '{}' v{}: {}", id.type(), id.name(), version, error);
        }
        conn.send(SidecarMessage.newBuilder().setAck(
                Ack.newBuilder().setType(id.type()).setName(id.name()).setVersion(version).setError(error)).build());
    }

    /** Ready once there is a certificate, a trust bundle, and the endpoints of every named upstream. */
    private void checkInitialState() {
        if (initialState.isDone() || identity.current() == null || store.current().trustBundle() == null) {
            return;
        }
        final boolean endpointsReady;
        if (settings.upstreams().isEmpty()) {
            endpointsReady = seenResources.stream().anyMatch(r -> r.type() == ResourceType.ENDPOINTS ||
                                                                  r.type() == ResourceType.INTENTIONS);
        } else {
            endpointsReady = settings.upstreams().stream().allMatch(
                    u -> seenResources.contains(new ResourceId(ResourceType.ENDPOINTS, u)));
        }
        if (endpointsReady) {
            initialState.complete(null);
        }
    }

    private void onStreamEnd(Connection conn, @Nullable Throwable cause) {
        if (connection != conn) {
            return;
        }
        connection = null;
        conn.complete();
        if (trafficReports != null) {
            trafficReports.stop();
        }
        if (closed) {
            return;
        }
        final String why = cause == null ? "ended by the control plane" : Exceptions.peel(cause).toString();
        if (conn.answered) {
            // A replica going away (shutdown, restart, lost connection) is expected: one line, no stack trace.
            if (isExpectedEnd(cause)) {
                logger.info("Control plane stream to {} ended ({}); reconnecting to the next replica, keeping "
                            + "current state", conn.replica, why);
            } else {
                // Counted as a failure, so that a replica that keeps failing streams is retried after backoff,
                // not in a loop.
                rotation.failed(conn.replica);
                logger.warn("Control plane stream to {} failed ({}); reconnecting to the next replica, keeping "
                            + "current state", conn.replica, why);
            }
        } else {
            rotation.failed(conn.replica);
            logger.debug("Control plane replica {} did not answer ({}); trying the next", conn.replica, why);
        }
        connect();
    }

    /**
     * Whether a stream ended the way a replica going away ends it: completed (its shutdown), or
     * UNAVAILABLE / CANCELLED (a restart, a lost connection). Anything else (refused token, internal
     * error) is worth a WARN.
     */
    static boolean isExpectedEnd(@Nullable Throwable cause) {
        if (cause == null) {
            return true;
        }
        final Status.Code code = Status.fromThrowable(cause).getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED;
    }

    @Override
    public void close() {
        closed = true;
        final Connection conn = connection;
        connection = null;
        if (keepalive != null) {
            keepalive.cancel(false);
        }
        if (conn != null) {
            conn.complete();
        }
    }

    /** Runs {@code task} on the discovery thread, unless this client is closed (then it is moot). */
    private void hop(Runnable task) {
        if (closed) {
            return;
        }
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            logger.debug("Discovery thread gone; dropping a stream callback", e);
        }
    }

    /** One stream attempt; callbacks hop to the scheduler thread so messages apply in order. */
    private final class Connection implements StreamObserver<ControlMessage> {
        final String replica;
        @Nullable
        StreamObserver<SidecarMessage> outbound;
        /** Whether the replica sent anything on this stream (read and written on the discovery thread). */
        boolean answered;
        private boolean done;
        private boolean halfClosed;

        Connection(String replica) {
            this.replica = replica;
        }

        synchronized void send(SidecarMessage message) {
            if (done || outbound == null) {
                return;
            }
            try {
                outbound.onNext(message);
            } catch (RuntimeException e) {
                logger.debug("Send on a closing stream failed", e);
            }
        }

        /** Ends our side of the stream, once; after the control plane ended its side, too, so nothing is left open. */
        synchronized void complete() {
            done = true;
            if (!halfClosed && outbound != null) {
                halfClosed = true;
                try {
                    outbound.onCompleted();
                } catch (RuntimeException e) {
                    logger.debug("Completing a closed stream failed", e);
                }
            }
        }

        @Override
        public void onNext(ControlMessage value) {
            hop(() -> apply(this, value));
        }

        @Override
        public void onError(Throwable t) {
            synchronized (this) {
                done = true;
            }
            hop(() -> onStreamEnd(this, t));
        }

        @Override
        public void onCompleted() {
            synchronized (this) {
                done = true;
            }
            hop(() -> onStreamEnd(this, null));
        }
    }
}
