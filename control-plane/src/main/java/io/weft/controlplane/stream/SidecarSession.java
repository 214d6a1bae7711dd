package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.weft.common.annotation.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netty.util.concurrent.EventExecutor;
import io.weft.certs.CertificateIssuanceException;
import io.weft.certs.IssuedCertificate;
import io.weft.certs.SpiffeId;
import io.weft.controlplane.snapshot.MeshSnapshot;
import io.weft.protocol.v1.Ack;
import io.weft.protocol.v1.CertificateRequest;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Hello;
import io.weft.protocol.v1.Keepalive;
import io.weft.protocol.v1.ResourceType;
import io.weft.protocol.v1.SidecarMessage;

/**
 * One sidecar's stream. Everything but the status getters runs on the stream's event loop, so the
 * session needs no locks: inbound messages arrive there, and snapshot changes and CA answers are handed
 * over with {@link EventExecutor#execute}. The only blocking step (signing a CSR) runs on the
 * registry's blocking executor.
 */
final class SidecarSession implements StreamObserver<SidecarMessage> {

    private static final Logger logger = LoggerFactory.getLogger(SidecarSession.class);

    /** A message waiting for the transport, and when it was queued (for the push latency). */
    private record Pending(ControlMessage message, long version, Instant queuedAt) {}

    private final long id;
    private final SessionRegistry registry;
    private final ServerCallStreamObserver<ControlMessage> out;
    private final EventExecutor loop;
    private final String remoteAddress;
    private final Instant connectedAt;

    // Event-loop confined.
    private final LinkedHashMap<ResourceKey, Pending> pending = new LinkedHashMap<>();
    private final Map<ResourceKey, Long> lastQueued = new HashMap<>();
    private Set<String> upstreams = Set.of();
    private boolean allUpstreams;
    private long certificateVersion;
    private boolean closed;
    @Nullable
    private ScheduledFuture<?> keepaliveTask;

    // Read by the status API from other threads.
    @Nullable
    private volatile Hello hello;
    private volatile Instant lastSeen;
    @Nullable
    private volatile Instant certificateNotAfter;
    private volatile int pendingCount;
    private final Map<ResourceKey, ResourceVersions> versions = new ConcurrentHashMap<>();

    SidecarSession(long id, SessionRegistry registry, ServerCallStreamObserver<ControlMessage> out,
                   EventExecutor loop, String remoteAddress) {
        this.id = id;
        this.registry = registry;
        this.out = requireNonNull(out, "out");
        this.loop = requireNonNull(loop, "loop");
        this.remoteAddress = remoteAddress;
        connectedAt = registry.clock.instant();
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
        lastSeen = registry.clock.instant();
        if (hello == null) {
            if (message.getKindCase() != SidecarMessage.KindCase.HELLO) {
                fail(Status.UNAUTHENTICATED.withDescription(
                        "the first message must be Hello with a bootstrap token (got " +
                        message.getKindCase().name().toLowerCase(java.util.Locale.ROOT) + ')'));
                return;
            }
            onHello(message.getHello());
            return;
        }
        switch (message.getKindCase()) {
            case HELLO:
                fail(Status.INVALID_ARGUMENT.withDescription("Hello sent twice on one stream"));
                break;
            case CERTIFICATE_REQUEST:
                onCertificateRequest(message.getCertificateRequest());
                break;
            case ACK:
                onAck(message.getAck());
                break;
            case KEEPALIVE:
                break; // lastSeen is all a keepalive is for
            default:
                fail(Status.INVALID_ARGUMENT.withDescription("empty SidecarMessage (expected: one of its kinds)"));
        }
    }

    private void onHello(Hello hello) {
        final String service = hello.getService();
        try {
            SpiffeId.checkName("Hello.service", service);
        } catch (IllegalArgumentException e) {
            fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
            return;
        }
        if (!registry.tokens.entitles(service, hello.getBootstrapToken())) {
            fail(Status.UNAUTHENTICATED.withDescription(
                    "bootstrap token not valid for service " + service));
            return;
        }
        this.hello = hello;
        allUpstreams = hello.getAllUpstreams();
        upstreams = Set.copyOf(hello.getUpstreamsList());
        logger.info("Sidecar {} ({} {}) connected from {}", id, service, hello.getInstanceId(), remoteAddress);
        queueFullState(registry.join(this));
        final long interval = registry.keepaliveInterval.toMillis();
        keepaliveTask = loop.scheduleAtFixedRate(this::keepalive, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void onCertificateRequest(CertificateRequest request) {
        final String service = hello.getService();
        final String csr = request.getCsrPem();
        CompletableFuture.supplyAsync(() -> registry.ca.issue(csr, service, registry.leafTtl),
                                      registry.blockingExecutor)
                         .whenCompleteAsync(this::onIssued, loop);
    }

    private void onIssued(@Nullable IssuedCertificate issued, @Nullable Throwable cause) {
        if (closed) {
            return;
        }
        if (cause != null) {
            final Throwable e = cause instanceof CompletionException && cause.getCause() != null
                                ? cause.getCause() : cause;
            if (e instanceof CertificateIssuanceException refused) {
                registry.metrics.certificateRejected(refused.reason().name());
                logger.warn("Sidecar {} ({}): certificate request refused: {}", id, hello.getService(),
                            refused.getMessage());
                fail(StreamErrors.forIssuance(refused));
            } else {
                registry.metrics.certificateRejected("internal");
                logger.error("Sidecar {}: issuing a certificate failed", id, e);
                fail(Status.INTERNAL.withDescription("issuing a certificate failed: " + e));
            }
            return;
        }
        registry.metrics.certificateIssued();
        certificateNotAfter = issued.notAfter();
        queue(ResourceKey.CERTIFICATE, ProtoResources.certificate(issued, ++certificateVersion),
              certificateVersion);
    }

    private void onAck(Ack ack) {
        final ResourceKey key = new ResourceKey(ack.getType(), ack.getName());
        if (ack.getError().isEmpty()) {
            versions.merge(key, ResourceVersions.NONE.withAck(ack.getVersion()),
                           (old, n) -> old.withAck(ack.getVersion()));
        } else {
            registry.metrics.nacked(ack.getType());
            logger.warn("Sidecar {} ({}) rejected {} v{}: {}", id, hello.getService(), key, ack.getVersion(),
                        ack.getError());
            versions.merge(key, ResourceVersions.NONE.withNack(ack.getVersion(), ack.getError()),
                           (old, n) -> old.withNack(ack.getVersion(), ack.getError()));
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

    private void queueFullState(MeshSnapshot snapshot) {
        queue(ResourceKey.TRUST_BUNDLE, ProtoResources.trustBundle(snapshot), snapshot.trustRootsVersion());
        final Iterable<String> services = allUpstreams ? snapshot.services().keySet() : upstreams;
        for (String service : services) {
            final ControlMessage m = ProtoResources.endpoints(snapshot, service, registry.trustDomain,
                                                              registry.datacenter);
            queue(ResourceKey.endpoints(service), m, m.getEndpoints().getVersion());
        }
        final String destination = hello.getService();
        queue(ResourceKey.intentions(destination), ProtoResources.intentions(snapshot, destination),
              snapshot.intentionsVersion());
    }

    /** Called on the watcher thread: hands the change over to this session's event loop. */
    void onChange(ChangeMessages change) {
        loop.execute(() -> apply(change));
    }

    private void apply(ChangeMessages change) {
        if (closed || hello == null) {
            return;
        }
        for (String service : change.change.diff().changedServices()) {
            if (subscribes(service)) {
                final ControlMessage m = change.endpoints(service);
                queue(ResourceKey.endpoints(service), m, m.getEndpoints().getVersion());
            }
        }
        for (String service : change.change.diff().removedServices()) {
            if (subscribes(service)) {
                final ControlMessage m = change.endpoints(service);
                queue(ResourceKey.endpoints(service), m, m.getEndpoints().getVersion());
            }
        }
        if (change.change.diff().trustRootsChanged()) {
            final ControlMessage m = change.trustBundle();
            queue(ResourceKey.TRUST_BUNDLE, m, m.getTrustBundle().getVersion());
        }
        final String destination = hello.getService();
        if (change.intentionsChangedFor(destination)) {
            final ControlMessage m = change.intentions(destination);
            queue(ResourceKey.intentions(destination), m, m.getIntentions().getVersion());
        }
    }

    private boolean subscribes(String service) {
        return allUpstreams || upstreams.contains(service);
    }

    private void keepalive() {
        if (closed) {
            return;
        }
        final Duration silent = Duration.between(lastSeen, registry.clock.instant());
        if (silent.compareTo(registry.keepaliveInterval.multipliedBy(3)) > 0) {
            logger.warn("Sidecar {} ({}) silent for {}: closing its stream", id, hello.getService(), silent);
            fail(Status.UNAVAILABLE.withDescription("no message from the sidecar for " + silent.toMillis() +
                                                    " ms (keepalive interval " +
                                                    registry.keepaliveInterval.toMillis() + " ms)"));
            return;
        }
        queue(ResourceKey.KEEPALIVE, ControlMessage.newBuilder().setKeepalive(
                Keepalive.newBuilder().setSentAtUnixMillis(registry.clock.millis())).build(), 0);
    }

    /** Queues {@code message}, replacing an unsent older value of the same resource (latest wins). */
    private void queue(ResourceKey key, ControlMessage message, long version) {
        if (closed) {
            return;
        }
        if (key.type() != ResourceType.RESOURCE_TYPE_UNSPECIFIED && key.type() != ResourceType.CERTIFICATE) {
            final Long last = lastQueued.get(key);
            if (last != null && version <= last) {
                return; // already queued or sent this version (a change raced the full state)
            }
            lastQueued.put(key, version);
        }
        pending.put(key, new Pending(message, version, registry.clock.instant()));
        pendingCount = pending.size();
        drain();
    }

    /** Writes pending messages while the transport takes them; resumes from the on-ready handler. */
    private void drain() {
        try {
            while (!closed && !pending.isEmpty() && out.isReady()) {
                final Iterator<Map.Entry<ResourceKey, Pending>> it = pending.entrySet().iterator();
                final Map.Entry<ResourceKey, Pending> next = it.next();
                it.remove();
                final Pending p = next.getValue();
                out.onNext(p.message());
                final ResourceKey key = next.getKey();
                if (key.type() != ResourceType.RESOURCE_TYPE_UNSPECIFIED) {
                    versions.merge(key, ResourceVersions.NONE.withSent(p.version()),
                                   (old, n) -> old.withSent(p.version()));
                    registry.metrics.pushed(key.type(), Duration.between(p.queuedAt(), registry.clock.instant()));
                }
            }
        } catch (RuntimeException e) {
            logger.debug("Session {}: writing failed, closing: {}", id, e.toString());
            cleanup();
        }
        pendingCount = pending.size();
    }

    // ---- end ----

    /** Ends the stream with {@code status}. */
    void fail(Status status) {
        onLoop(() -> {
            if (closed) {
                return;
            }
            registry.metrics.streamRefused(status.getCode().name());
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
        pending.clear();
        pendingCount = 0;
        registry.leave(this);
        if (hello != null) {
            logger.info("Sidecar {} ({} {}) disconnected", id, hello.getService(), hello.getInstanceId());
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    // ---- status (any thread) ----

    long id() {
        return id;
    }

    /** A view for the status API, or null before a valid Hello. */
    @Nullable
    SessionView view() {
        final Hello h = hello;
        if (h == null) {
            return null;
        }
        final Map<String, ResourceVersions> resources = new TreeMap<>();
        versions.forEach((k, v) -> resources.put(k.toString(), v));
        return new SessionView(id, h.getService(), h.getInstanceId(),
                               SpiffeId.of(registry.trustDomain, registry.datacenter, h.getService()).uri(),
                               h.getSidecarVersion(), remoteAddress, connectedAt, certificateNotAfter,
                               resources, pendingCount);
    }
}
