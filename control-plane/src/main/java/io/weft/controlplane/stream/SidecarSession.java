package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.weft.common.annotation.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netty.util.concurrent.EventExecutor;
import io.weft.certs.CertificateIssuanceException;
import io.weft.certs.IssuedCertificate;
import io.weft.certs.SpiffeId;
import io.weft.controlplane.metrics.ControlPlaneMetrics;
import io.weft.protocol.v1.Ack;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Hello;
import io.weft.protocol.v1.Keepalive;
import io.weft.protocol.v1.SidecarMessage;

/**
 * One sidecar's stream: the bookkeeping that ties its parts together. The first message goes to the
 * {@link HelloAuthenticator}; CSRs to the {@link CertificateIssuer}; outbound messages through a
 * {@link SendQueue} (latest value per resource wins); what was sent, ACKed and NACKed into an
 * {@link AckTracker}; and a keepalive timer drops a sidecar that has gone silent.
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
    private final Duration keepaliveInterval;
    private final Instant connectedAt;
    private final SendQueue queue;
    private final AckTracker acks = new AckTracker();

    // Event-loop confined.
    private Instant lastSeen;
    private Set<String> upstreams = Set.of();
    private boolean allUpstreams;
    private long certificateVersion;
    private boolean closed;
    @Nullable
    private ScheduledFuture<?> keepaliveTask;

    // Read by the status API from other threads; hello and identity are set together, once.
    @Nullable
    private volatile Hello hello;
    @Nullable
    private volatile SpiffeId identity;
    @Nullable
    private volatile Instant certificateNotAfter;

    SidecarSession(long id, ServerCallStreamObserver<ControlMessage> out, EventExecutor loop, String remoteAddress,
                   Membership membership, HelloAuthenticator hellos, CertificateIssuer certificates,
                   ControlPlaneMetrics metrics, Clock clock, Duration keepaliveInterval) {
        this.id = id;
        this.out = requireNonNull(out, "out");
        this.loop = requireNonNull(loop, "loop");
        this.remoteAddress = requireNonNull(remoteAddress, "remoteAddress");
        this.membership = requireNonNull(membership, "membership");
        this.hellos = requireNonNull(hellos, "hellos");
        this.certificates = requireNonNull(certificates, "certificates");
        this.metrics = requireNonNull(metrics, "metrics");
        this.clock = requireNonNull(clock, "clock");
        this.keepaliveInterval = requireNonNull(keepaliveInterval, "keepaliveInterval");
        queue = new SendQueue(out::isReady, out::onNext, clock, (key, version, queued) -> {
            acks.sent(key, version);
            metrics.pushed(key.type(), queued);
        });
        connectedAt = clock.instant();
        lastSeen = connectedAt;
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
        lastSeen = clock.instant();
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
                break; // lastSeen is all a keepalive is for
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
        allUpstreams = h.getAllUpstreams();
        upstreams = Set.copyOf(h.getUpstreamsList());
        logger.info("Sidecar {} ({} {}) connected from {}", id, h.getService(), h.getInstanceId(), remoteAddress);
        queueFullState(h.getService(), membership.join(this));
        final long interval = keepaliveInterval.toMillis();
        keepaliveTask = loop.scheduleAtFixedRate(this::keepalive, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void onIssued(@Nullable IssuedCertificate issued, @Nullable Throwable cause) {
        if (closed) {
            return;
        }
        if (cause != null || issued == null) {
            final Throwable e = cause instanceof CompletionException && cause.getCause() != null
                                ? cause.getCause() : cause;
            if (e instanceof CertificateIssuanceException refused) {
                metrics.certificateRejected(refused.reason().name());
                logger.warn("Sidecar {} ({}): certificate request refused: {}", id, service(), refused.getMessage());
                fail(StreamErrors.forIssuance(refused));
            } else {
                metrics.certificateRejected("internal");
                logger.error("Sidecar {}: issuing a certificate failed", id, e);
                fail(Status.INTERNAL.withDescription("issuing a certificate failed: " + e));
            }
            return;
        }
        metrics.certificateIssued();
        certificateNotAfter = issued.notAfter();
        send(ResourceKey.CERTIFICATE, ProtoResources.certificate(issued, ++certificateVersion), certificateVersion);
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

    private void queueFullState(String destination, ChangeMessages full) {
        final ControlMessage bundle = full.trustBundle();
        send(ResourceKey.TRUST_BUNDLE, bundle, bundle.getTrustBundle().getVersion());
        final Iterable<String> services = allUpstreams ? full.change.current().services().keySet() : upstreams;
        for (String service : services) {
            sendEndpoints(service, full);
        }
        sendIntentions(destination, full);
    }

    /** Called on the watcher thread: hands the change over to this session's event loop. */
    void onChange(ChangeMessages change) {
        loop.execute(() -> apply(change));
    }

    private void apply(ChangeMessages change) {
        final Hello h = hello;
        if (closed || h == null) {
            return;
        }
        for (String service : change.change.diff().changedServices()) {
            if (subscribes(service)) {
                sendEndpoints(service, change);
            }
        }
        for (String service : change.change.diff().removedServices()) {
            if (subscribes(service)) {
                sendEndpoints(service, change);
            }
        }
        if (change.change.diff().trustRootsChanged()) {
            final ControlMessage m = change.trustBundle();
            send(ResourceKey.TRUST_BUNDLE, m, m.getTrustBundle().getVersion());
        }
        if (change.intentionsChangedFor(h.getService())) {
            sendIntentions(h.getService(), change);
        }
    }

    private boolean subscribes(String service) {
        return allUpstreams || upstreams.contains(service);
    }

    private void sendEndpoints(String service, ChangeMessages messages) {
        final ControlMessage m = messages.endpoints(service);
        send(ResourceKey.endpoints(service), m, m.getEndpoints().getVersion());
    }

    private void sendIntentions(String destination, ChangeMessages messages) {
        final ControlMessage m = messages.intentions(destination);
        send(ResourceKey.intentions(destination), m, m.getIntentions().getVersion());
    }

    private void keepalive() {
        if (closed) {
            return;
        }
        final Duration silent = Duration.between(lastSeen, clock.instant());
        if (silent.compareTo(keepaliveInterval.multipliedBy(3)) > 0) {
            logger.warn("Sidecar {} ({}) silent for {}: closing its stream", id, service(), silent);
            fail(Status.UNAVAILABLE.withDescription("no message from the sidecar for " + silent.toMillis() +
                                                    " ms (keepalive interval " + keepaliveInterval.toMillis() +
                                                    " ms)"));
            return;
        }
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

    private void cleanup() {
        if (closed) {
            return;
        }
        closed = true;
        if (keepaliveTask != null) {
            keepaliveTask.cancel(false);
        }
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
        final SpiffeId id = identity;
        if (h == null || id == null) {
            return null;
        }
        return new SessionView(this.id, h.getService(), h.getInstanceId(), id.uri(), h.getSidecarVersion(),
                               remoteAddress, connectedAt, certificateNotAfter, acks.byName(), queue.size());
    }
}
