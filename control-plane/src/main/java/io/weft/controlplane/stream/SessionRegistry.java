package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.annotation.concurrent.ThreadSafe;

import io.grpc.stub.ServerCallStreamObserver;
import io.netty.util.concurrent.EventExecutor;
import io.weft.controlplane.auth.BootstrapTokens;
import io.weft.controlplane.ca.MeshCa;
import io.weft.controlplane.metrics.ControlPlaneMetrics;
import io.weft.controlplane.snapshot.SnapshotCache;
import io.weft.controlplane.snapshot.SnapshotChange;
import io.weft.protocol.v1.ControlMessage;

/**
 * The connected sidecars, and the fan-out of snapshot changes to them. Listens to the
 * {@link SnapshotCache} on the watcher thread, builds each changed resource once and hands it to every
 * session's event loop; it never writes to a stream itself.
 */
@ThreadSafe
public final class SessionRegistry implements Consumer<SnapshotChange>, AutoCloseable {

    private final SnapshotCache cache;
    private final HelloAuthenticator hellos;
    private final CertificateIssuer certificates;
    private final Duration keepaliveInterval;
    private final TrafficSink traffic;
    private final Duration trafficInterval;
    private final ControlPlaneMetrics metrics;
    private final Clock clock;
    private final String trustDomain;
    private final String datacenter;

    private final Set<SidecarSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final SidecarSession.Membership membership = new SidecarSession.Membership() {
        @Override
        public ChangeMessages join(SidecarSession session) {
            sessions.add(session);
            // Read after adding: a change published from here on reaches the session through accept().
            return ChangeMessages.fullState(cache.current(), trustDomain, datacenter);
        }

        @Override
        public void leave(SidecarSession session) {
            sessions.remove(session);
        }
    };

    public SessionRegistry(SnapshotCache cache, BootstrapTokens tokens, MeshCa ca, Duration leafTtl,
                           Duration keepaliveInterval, Executor blockingExecutor, ControlPlaneMetrics metrics,
                           Clock clock, TrafficSink traffic, Duration trafficInterval) {
        this.cache = requireNonNull(cache, "cache");
        this.keepaliveInterval = requireNonNull(keepaliveInterval, "keepaliveInterval");
        this.metrics = requireNonNull(metrics, "metrics");
        this.clock = requireNonNull(clock, "clock");
        this.traffic = requireNonNull(traffic, "traffic");
        this.trafficInterval = requireNonNull(trafficInterval, "trafficInterval");
        trustDomain = ca.trustDomain();
        datacenter = ca.datacenter();
        hellos = new HelloAuthenticator(requireNonNull(tokens, "tokens"), trustDomain, datacenter);
        certificates = new CertificateIssuer(ca, leafTtl, blockingExecutor, metrics);
        cache.addListener(this);
    }

    /** Starts a session for a new stream; called on the stream's event loop. */
    SidecarSession open(ServerCallStreamObserver<ControlMessage> out, EventExecutor loop, String remoteAddress) {
        return new SidecarSession(ids.incrementAndGet(), out, loop, remoteAddress, membership, hellos, certificates,
                                  metrics, clock, keepaliveInterval, traffic, trafficInterval);
    }

    @Override
    public void accept(SnapshotChange change) {
        if (sessions.isEmpty()) {
            return;
        }
        final ChangeMessages messages = new ChangeMessages(change, trustDomain, datacenter);
        for (SidecarSession session : sessions) {
            session.onChange(messages);
        }
    }

    public int connected() {
        return sessions.size();
    }

    /** The connected sidecars, oldest first. */
    public List<SessionView> views() {
        return sessions.stream().map(SidecarSession::view).filter(Objects::nonNull)
                       .sorted(Comparator.comparingLong(SessionView::id)).toList();
    }

    /** Ends every stream (with OK, see {@link SidecarSession#end()}) so sidecars reconnect to another replica at once. */
    @Override
    public void close() {
        cache.removeListener(this);
        for (SidecarSession session : sessions) {
            session.end();
        }
    }
}
