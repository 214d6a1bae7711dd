package io.weft.controlplane.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.weft.controlplane.ControlPlane;
import io.weft.controlplane.ControlPlaneConfig;

/**
 * Control planes on port 0 with a {@link TemporaryCa}, watching a {@link ConsulStandInExtension}; both are
 * started and closed with this extension. Tests start control planes with {@link #startControlPlane()}
 * (after registering what the first snapshot should hold), and talk to them as a sidecar with
 * {@link #connect()}.
 *
 * <pre>{@code
 * @RegisterExtension
 * final ControlPlaneExtension controlPlanes = new ControlPlaneExtension();
 *
 * @Test
 * void pushesEndpoints() throws Exception {
 *     controlPlanes.consul().register("sum", "sum-1", 21001);
 *     controlPlanes.startControlPlane();
 *     try (StreamClient client = controlPlanes.connect()) { ... }
 * }
 * }</pre>
 */
public final class ControlPlaneExtension extends AllOrEachExtension {

    /** The bootstrap token of {@link #baseConfig()}. */
    public static final String TOKEN = "test-token";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final ConsulStandInExtension consul;
    private final TemporaryCa ca = new TemporaryCa();
    private final List<ControlPlane> controlPlanes = new CopyOnWriteArrayList<>();

    /** Control planes over a Consul stand-in with Consul's defaults. */
    public ControlPlaneExtension() {
        this(new ConsulStandInExtension());
    }

    /** Control planes over {@code consul}, which this extension starts and closes. */
    public ControlPlaneExtension(ConsulStandInExtension consul) {
        this.consul = consul;
    }

    @Override
    protected void doStart() {
        consul.start();
        ca.start();
    }

    public ConsulStandInExtension consul() {
        return consul;
    }

    public TemporaryCa ca() {
        return ca;
    }

    /** Consul, the CA directory, every port 0 on 127.0.0.1, and {@link #TOKEN}; the product's timings. */
    public ControlPlaneConfig.Builder baseConfig() {
        return ControlPlaneConfig.builder()
                                 .consulUri(consul.uri())
                                 .caDir(ca.directory())
                                 .streamPort(0)
                                 .httpPort(0)
                                 .bindAddress("127.0.0.1")
                                 .bootstrapToken(TOKEN);
    }

    /** {@link #baseConfig()} with fast timings: 2s waits, 20ms rate limit, 50-200ms backoff, 1s keepalive. */
    public ControlPlaneConfig.Builder config() {
        return baseConfig().leafTtl(Duration.ofSeconds(30))
                           .consulWait(Duration.ofSeconds(2))
                           .consulMinInterval(Duration.ofMillis(20))
                           .consulBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                           .keepaliveInterval(Duration.ofSeconds(1))
                           .shutdownGrace(Duration.ofSeconds(1));
    }

    /** Starts a control plane with {@link #config()} and waits until it is ready. */
    public ControlPlane startControlPlane() {
        return startControlPlane(config().build());
    }

    /** Starts a control plane (closed with this extension) and waits until it is ready. */
    public ControlPlane startControlPlane(ControlPlaneConfig config) {
        final ControlPlane controlPlane = startUnready(config);
        await().atMost(READY_TIMEOUT).until(controlPlane::isReady);
        return controlPlane;
    }

    /** Starts a control plane (closed with this extension) without waiting for its first snapshot. */
    public ControlPlane startUnready(ControlPlaneConfig config) {
        final ControlPlane controlPlane = ControlPlane.start(config);
        controlPlanes.add(controlPlane);
        return controlPlane;
    }

    /** The first control plane started. */
    public ControlPlane controlPlane() {
        if (controlPlanes.isEmpty()) {
            throw new IllegalStateException("no control plane started (expected: startControlPlane() first)");
        }
        return controlPlanes.get(0);
    }

    /**
     * Closes the first control plane and starts it again with the same configuration on the same ports, CA
     * and Consul, without waiting for its first snapshot.
     */
    public synchronized ControlPlane restartControlPlane() {
        final ControlPlane old = controlPlane();
        // Its ports are known only while it listens.
        final ControlPlaneConfig sameAddress = old.config().toBuilder()
                                                  .streamPort(old.streamPort())
                                                  .httpPort(old.httpPort())
                                                  .build();
        old.close();
        final ControlPlane restarted = ControlPlane.start(sameAddress);
        controlPlanes.set(0, restarted);
        return restarted;
    }

    /** A well-behaved test sidecar connected to the first control plane. */
    public StreamClient connect() throws Exception {
        return StreamClient.connect(controlPlane().streamPort(), controlPlane().rootCaPemFile());
    }

    /** A CSR for {@code service} in the first control plane's trust domain and datacenter. */
    public String csrFor(String service) {
        final ControlPlaneConfig config = controlPlane().config();
        return StreamClient.csrFor(config.trustDomain(), config.datacenter(), service);
    }

    @Override
    protected void doClose() {
        controlPlanes.forEach(ControlPlane::close);
        controlPlanes.clear();
        consul.close();
        ca.close();
    }
}
