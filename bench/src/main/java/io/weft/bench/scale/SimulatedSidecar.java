package io.weft.bench.scale;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.stub.StreamObserver;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Endpoints;
import io.weft.protocol.v1.Hello;
import io.weft.protocol.v1.Keepalive;
import io.weft.protocol.v1.MeshDiscoveryGrpc;
import io.weft.protocol.v1.SidecarMessage;

/**
 * One light stand-in for a sidecar: a MeshDiscovery stream that sends Hello (no CSR: the certificate path is
 * not what this benchmark measures) and hands every Endpoints push to the {@link ChurnTracker}. It keeps the
 * stream alive with Keepalive messages, reopens a failed stream with backoff (at most 10 times) and counts
 * what it received.
 */
final class SimulatedSidecar implements StreamObserver<ControlMessage> {

    private static final java.util.concurrent.atomic.AtomicBoolean FIRST_FAILURE_REPORTED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final int index;
    private final List<String> upstreams;
    private final ChurnTracker tracker;
    private final CountDownLatch fullState;
    private final Map<String, Boolean> initialSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong received;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong reconnects;
    private volatile StreamObserver<SidecarMessage> requests;
    private volatile Throwable failure;
    private volatile boolean stopped;
    private MeshDiscoveryGrpc.MeshDiscoveryStub stub;
    private String service;
    private String token;
    private int attempts;

    SimulatedSidecar(int index, List<String> upstreams, ChurnTracker tracker, CountDownLatch fullState,
                     AtomicLong received, AtomicLong reconnects, ScheduledExecutorService scheduler) {
        this.reconnects = reconnects;
        this.scheduler = scheduler;
        this.index = index;
        this.upstreams = upstreams;
        this.tracker = tracker;
        this.fullState = fullState;
        this.received = received;
    }

    void start(MeshDiscoveryGrpc.MeshDiscoveryStub stub, String service, String token) {
        this.stub = stub;
        this.service = service;
        this.token = token;
        connect();
    }

    /** Opens the stream and says Hello; a failed stream is reopened with backoff, as a sidecar does. */
    private void connect() {
        failure = null;
        final StreamObserver<SidecarMessage> out = stub.stream(this);
        requests = out;
        send(SidecarMessage.newBuilder().setHello(Hello.newBuilder()
                                                       .setService(service)
                                                       .setInstanceId("sim-" + index)
                                                       .setBootstrapToken(token)
                                                       .addAllUpstreams(upstreams)
                                                       .setSidecarVersion("weft-bench"))
                                   .build());
    }

    void keepalive() {
        if (failure != null) {
            return;
        }
        send(SidecarMessage.newBuilder().setKeepalive(
                Keepalive.newBuilder().setSentAtUnixMillis(System.currentTimeMillis())).build());
    }

    void stop() {
        stopped = true;
        final StreamObserver<SidecarMessage> out = requests;
        if (out != null) {
            synchronized (out) {
                try {
                    out.onCompleted();
                } catch (RuntimeException ignored) {
                    // already closed
                }
            }
        }
    }

    private void send(SidecarMessage message) {
        final StreamObserver<SidecarMessage> out = requests;
        synchronized (out) {
            out.onNext(message);
        }
    }

    boolean hasFullState() {
        return initialSeen.size() == upstreams.size();
    }

    String describe() {
        final Throwable f = failure;
        return "sim-" + index + " upstreams " + upstreams + " with endpoints " + initialSeen.keySet() +
               " failure " + f + (f != null && f.getCause() != null ? " caused by " + f.getCause() : "");
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void onNext(ControlMessage message) {
        received.incrementAndGet();
        if (!message.hasEndpoints()) {
            return;
        }
        final Endpoints endpoints = message.getEndpoints();
        if (endpoints.getEndpointsCount() > 0 && initialSeen.size() < upstreams.size() &&
            initialSeen.putIfAbsent(endpoints.getService(), Boolean.TRUE) == null &&
            initialSeen.size() == upstreams.size()) {
            fullState.countDown();
        }
        tracker.onEndpoints(index, endpoints, System.nanoTime());
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        if (FIRST_FAILURE_REPORTED.compareAndSet(false, true)) {
            System.err.println("first stream failure (sim-" + index + "): " + t +
                               (t.getCause() != null ? " caused by " + t.getCause() : ""));
        }
        if (!stopped && attempts < 10) {
            final long backoff = Math.min(5000, 200L << attempts++);
            reconnects.incrementAndGet();
            scheduler.schedule(this::connect, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1),
                               TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onCompleted() {
        failure = new IllegalStateException("stream completed by the control plane");
    }
}
