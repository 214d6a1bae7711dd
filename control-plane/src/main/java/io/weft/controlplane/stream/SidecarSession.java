package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.weft.common.annotation.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netty.util.concurrent.EventExecutor;
import io.weft.certs.IssuedCertificate;
import io.weft.certs.SpiffeId;
import io.weft.controlplane.metrics.ControlPlaneMetrics;
import io.weft.protocol.v1.Ack;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Hello;
import io.weft.protocol.v1.Keepalive;
import io.weft.protocol.v1.SidecarMessage;
import io.weft.protocol.v1.TrafficReporting;

/**
 * One sidecar's stream: the bookkeeping that ties its parts together. The first message goes to the
 * {@link HelloAuthenticator}; CSRs to the {@link CertificateIssuer}; outbound messages through a
 * {@link SendQueue} (latest value per resource wins), picked by its {@link Subscription}; what was sent,
 * ACKed and NACKed into an {@link AckTracker}; and a {@link KeepaliveTimer} drops a sidecar gone silent.
 *
 * <p>Everything but the status getters runs on the stream's event loop, so the session needs no locks:
 * inbound messages arrive there, and snapshot changes and CA answers are handed over with
 * {@link EventExecutor#execute}.
 */
final class SidecarSession implements StreamObserver<SidecarMessage> {

    private static final Logger logger = LoggerFactory.getLogger(SidecarSession.class);

    /** The registry of authenticated sessions, as a session sees it. */
    interface Membership {
        /** Adds {@code session} and returns the messages of the snapshot its full state comes from. */
        ChangeMessages join(SidecarSession session);

        void leave(SidecarSession session);
    }

    private final long id;
    private final ServerCallStreamObserver<ControlMessage> out;
    private final EventExecutor loop;
    private final String remoteAddress;
    private final Membership membership;
    private final HelloAuthenticator hellos;
    private final CertificateIssuer certificates;
    private final ControlPlaneMetrics metrics;
    private final Clock clock;
    private final Instant connectedAt;
    private final SendQueue queue;
    private final AckTracker acks = new AckTracker();
    private final KeepaliveTimer keepalives;
    private final TrafficSink traffic;
    private final Duration trafficInterval;

    // Event-loop confined.
    @Nullable
    private Subscription subscription;
    private long certificateVersion;
    private boolean closed;

    // Read by the status API from other threads; hello and identity are set together, once.
    @Nullable
    private volatile Hello hello;
    @Nullable
    private volatile SpiffeId identity;
    @Nullable
    private volatile Instant certificateNotBefore;
    @Nullable
    private volatile Instant certificateNotAfter;

    SidecarSession(long id, ServerCallStreamObserver<ControlMessage> out, EventExecutor loop, String remoteAddress,
                   Membership membership, HelloAuthenticator hellos, CertificateIssuer certificates,
                   ControlPlaneMetrics metrics, Clock clock, Duration keepaliveInterval, TrafficSink traffic,
                   Duration trafficInterval) {
        this.id = id;
        this.out = requireNonNull(out, "out");
        this.loop = requireNonNull(loop, "loop");
        this.remoteAddress = requireNonNull(remoteAddress, "remoteAddress");
        this.membership = requireNonNull(membership, "membership");
        this.hellos = requireNonNull(hellos, "hellos");
        this.certificates = requireNonNull(certificates, "certificates");
        this.metrics = requireNonNull(metrics, "metrics");
        this.clock = requireNonNull(clock, "clock");
        keepalives = new KeepaliveTimer(loop, keepaliveInterval, clock);
        this.traffic = requireNonNull(traffic, "traffic");
        this.trafficInterval = requireNonNull(trafficInterval, "trafficInterval");
        queue = new SendQueue(out::isReady, out::onNext, clock, (key, version, queued) -> {
            acks.sent(key, version);
            metrics.pushed(key.type(), queued);
        });
        connectedAt = clock.instant();
        out.setOnReadyHandler(() -> onLoop(this::drain));
        out.setOnCancelHandler(() -> onLoop(() -> {
            logger.debug("Session {} cancelled by {}", id, remoteAddress);
            cleanup();
        }));
    }

    // ---- inbound ----

    @Override
    public void onNext(SidecarMessage message) {
        onLoop(() -> handle(message));
    }

    private void handle(SidecarMessage message) {
        if (closed) {
            return;
        }
        keepalives.seen();
        final Hello h = hello;
        if (h == null) {
            onFirst(message);
            return;
        }
        switch (message.getKindCase()) {
            case HELLO:
                fail(Status.INVALID_ARGUMENT.withDescription("Hello sent twice on one stream"));
                break;
            case CERTIFICATE_REQUEST:
                certificates.issue(message.getCertificateRequest().getCsrPem(), h.getService())
                            .whenCompleteAsync(this::onIssued, loop);
                break;
            case ACK:
                onAck(h, message.getAck());
                break;
            case KEEPALIVE:
                break; // being seen is all a keepalive is for
            case TRAFFIC_SUMMARY:
                traffic.received(h.getService(), h.getInstanceId(), message.getTrafficSummary());
                break;
            default:
                fail(Status.INVALID_ARGUMENT.withDescription("empty SidecarMessage (expected: one of its kinds)"));
        }
    }

    private void onFirst(SidecarMessage first) {
        try {
            identity = hellos.authenticate(first);
        } catch (StatusException e) {
            fail(e.getStatus());
            return;
        }
        final Hello h = first.getHello();
        hello = h;
        final Subscription subscription = Subscription.of(h);
        this.subscription = subscription;
        logger.info("Sidecar {} ({} {}) connected from {}", id, h.getService(), h.getInstanceId(), remoteAddress);
        subscription.fullState(membership.join(this), this::send);
        // Asked for, not assumed: an older sidecar ignores this, an older control plane never sends it.
        send(ResourceKey.TRAFFIC_REPORTING, ControlMessage.newBuilder().setTrafficReporting(
                TrafficReporting.newBuilder().setIntervalMillis((int) trafficInterval.toMillis())).build(), 0);
        keepalives.start(this::sendKeepalive, status -> {
            logger.warn("Sidecar {} ({}) silent: closing its stream ({})", id, service(), status.getDescription());
            fail(status);
        });
    }

    private void onIssued(@Nullable IssuedCertificate issued, @Nullable Throwable cause) {
        if (closed) {
            return;
        }
        if (cause != null) {
            fail(Status.fromThrowable(cause)); // CertificateIssuer has logged and counted the refusal
            return;
        }
        final IssuedCertificate certificate = requireNonNull(issued, "issued");
        certificateNotBefore = certificate.notBefore();
        certificateNotAfter = certificate.notAfter();
        send(ResourceKey.CERTIFICATE, ProtoResources.certificate(certificate, ++certificateVersion),
             certificateVersion);
    }

    private void onAck(Hello h, Ack ack) {
        final ResourceKey key = new ResourceKey(ack.getType(), ack.getName());
        if (ack.getError().isEmpty()) {
            acks.acked(key, ack.getVersion());
        } else {
            metrics.nacked(ack.getType());
            logger.warn("Sidecar {} ({}) rejected {} v{}: {}", id, h.getService(), key, ack.getVersion(),
                        ack.getError());
            acks.nacked(key, ack.getVersion(), ack.getError());
        }
    }

    @Override
    public void onError(Throwable t) {
        onLoop(() -> {
            logger.debug("Session {} ended by the sidecar: {}", id, t.toString());
            cleanup();
        });
    }

    @Override
    public void onCompleted() {
        onLoop(() -> {
            if (!closed) {
                try {
                    out.onCompleted();
                } catch (RuntimeException ignored) {
                    // already closed
                }
            }
            cleanup();
        });
    }

    // ---- outbound ----

    /** Called on the watcher thread: hands the change over to this session's event loop. */
    void onChange(ChangeMessages change) {
        loop.execute(() -> apply(change));
    }

    private void apply(ChangeMessages change) {
        if (!closed && subscription != null) {
            subscription.changes(change, this::send);
        }
    }

    private void sendKeepalive() {
        send(ResourceKey.KEEPALIVE, ControlMessage.newBuilder().setKeepalive(
                Keepalive.newBuilder().setSentAtUnixMillis(clock.millis())).build(), 0);
    }

    private void send(ResourceKey key, ControlMessage message, long version) {
        try {
            queue.offer(key, message, version);
        } catch (RuntimeException e) {
            writeFailed(e);
        }
    }

    private void drain() {
        try {
            queue.drain();
        } catch (RuntimeException e) {
            writeFailed(e);
        }
    }

    private void writeFailed(RuntimeException e) {
        logger.debug("Session {}: writing failed, closing: {}", id, e.toString());
        cleanup();
    }

    // ---- end ----

    /** Ends the stream with {@code status}. */
    void fail(Status status) {
        onLoop(() -> {
            if (closed) {
                return;
            }
            metrics.streamRefused(status.getCode().name());
            try {
                out.onError(status.asRuntimeException());
            } catch (RuntimeException ignored) {
                // already closed
            }
            cleanup();
        });
    }

    /**
     * Ends the stream with OK: this replica is going away, which is no error of the sidecar's, and a
     * non-OK status would make its gRPC client reset the request with a logged exception. The sidecar
     * reconnects (to another replica) whenever its stream ends.
     */
    void end() {
        onLoop(() -> {
            if (closed) {
                return;
            }
            try {
                out.onCompleted();
            } catch (RuntimeException ignored) {
                // already closed
            }
            cleanup();
        });
    }

    private void cleanup() {
        if (closed) {
            return;
        }
        closed = true;
        keepalives.stop();
        queue.close();
        membership.leave(this);
        final Hello h = hello;
        if (h != null) {
            logger.info("Sidecar {} ({} {}) disconnected", id, h.getService(), h.getInstanceId());
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private String service() {
        final Hello h = hello;
        return h == null ? "?" : h.getService();
    }

    // ---- status (any thread) ----

    long id() {
        return id;
    }

    /** A view for the status API, or null before a valid Hello. */
    @Nullable
    SessionView view() {
        final Hello h = hello;
        final SpiffeId spiffeId = identity;
        if (h == null || spiffeId == null) {
            return null;
        }
        return new SessionView(id, h.getService(), h.getInstanceId(), spiffeId.uri(), h.getSidecarVersion(),
                               remoteAddress, connectedAt, certificateNotBefore, certificateNotAfter, acks.byName(),
                               queue.size());
    }
}
