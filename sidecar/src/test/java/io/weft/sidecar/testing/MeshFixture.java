package io.weft.sidecar.testing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.linecorp.armeria.server.Server;

import io.weft.demo.sum.SumConfig;
import io.weft.demo.sum.SumServer;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.Mode;
import io.weft.sidecar.config.SidecarConfig;

/**
 * An in-process mesh on port 0: a control plane, apps, and sidecars in front of them, all closed in
 * reverse order. Reusable by any suite that needs real traffic through real sidecars.
 *
 * <p>Two control planes: the in-test {@link FakeControlPlane} (sidecar instances are announced to it
 * directly, self-registration off) or the real one over the Consul stand-in (sidecars self-register).
 */
public final class MeshFixture implements AutoCloseable {
    public static final String TOKEN = "test-bootstrap-token";

    private final MeshControl control;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** A mesh around the in-test control plane: fast, and tests push endpoints/intentions directly. */
    public static MeshFixture start(Duration leafTtl) {
        return new MeshFixture(FakeControlPlane.start(TOKEN, leafTtl));
    }

    /** A mesh around the real control plane and the Consul stand-in; sidecars self-register. */
    public static MeshFixture startWithRealControlPlane(Duration leafTtl) {
        return new MeshFixture(RealControlPlane.start(TOKEN, leafTtl));
    }

    private MeshFixture(MeshControl control) {
        this.control = control;
    }

    /** The fake control plane; only for meshes made with {@link #start(Duration)}. */
    public FakeControlPlane controlPlane() {
        return (FakeControlPlane) control;
    }

    public MeshControl control() {
        return control;
    }

    /** Starts the demo {@code sum} gRPC app on a free port. */
    public Server startSumApp(String instanceId) {
        final Server app = SumServer.build(new SumConfig(SumConfig.DEFAULT_BIND_ADDRESS, 0, instanceId, Duration.ofMillis(100)));
        app.start().join();
        resources.push(() -> app.stop().join());
        return app;
    }

    /** Starts any app server (already built) and closes it with the mesh. */
    public Server startApp(Server app) {
        app.start().join();
        resources.push(() -> app.stop().join());
        return app;
    }

    /** A config for a sidecar of {@code service}, every port 0, Consul registration off. */
    public SidecarConfig.Builder sidecarConfig(String service, String instanceId) {
        return SidecarConfig.builder()
                            .mode(Mode.SIDECAR)
                            .service(service)
                            .instanceId(instanceId)
                            .controlPlaneAddress(control.address())
                            .bootstrapCaFile(control.rootCaFile())
                            .token(TOKEN)
                            .inboundPort(0)
                            .outboundPort(0)
                            .adminPort(0)
                            .edgePort(0)
                            .consulRegister(control.consulUri() != null)
                            .consulUri(control.consulUri() != null ? control.consulUri()
                                                                   : java.net.URI.create("http://127.0.0.1:8500"))
                            .keepaliveInterval(Duration.ofSeconds(5))
                            .shutdownGrace(Duration.ofMillis(300))
                            .reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    /** Starts a sidecar in front of the app on {@code appPort}, waits until ready, announces it. */
    public Sidecar startSidecar(String service, String instanceId, int appPort, AppProtocol protocol,
                                List<String> upstreams) {
        return start(sidecarConfig(service, instanceId).appPort(appPort).appProtocol(protocol)
                                                       .upstreams(upstreams).build());
    }

    /** Starts a gateway-mode sidecar routing to {@code upstreams}. */
    public Sidecar startGateway(List<String> upstreams) {
        return start(sidecarConfig("gateway", "gateway-1").mode(Mode.GATEWAY).upstreams(upstreams).build());
    }

    /** Starts a sidecar from a config, waits until ready and, in sidecar mode, announces it. */
    public Sidecar start(SidecarConfig config) {
        final Sidecar sidecar = Sidecar.start(config);
        resources.push(sidecar);
        try {
            sidecar.whenReady().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("sidecar " + config.instanceId() + " did not become ready: " +
                                            sidecar.readinessDetail(), e);
        }
        if (config.mode() == Mode.SIDECAR) {
            control.announce(config.service(), config.instanceId(), sidecar.inboundPort());
        }
        return sidecar;
    }

    /** Closes sidecars first, then apps and the control plane; each group in parallel (each drains on its own). */
    @Override
    public void close() {
        final List<AutoCloseable> sidecars = resources.stream().filter(r -> r instanceof Sidecar).toList();
        closeAll(sidecars);
        resources.removeAll(sidecars);
        final List<AutoCloseable> rest = new java.util.ArrayList<>(resources);
        rest.add(control);
        closeAll(rest);
        resources.clear();
    }

    private static void closeAll(List<AutoCloseable> group) {
        CompletableFuture.allOf(group.stream().map(r -> CompletableFuture.runAsync(() -> closeQuietly(r)))
                                     .toArray(CompletableFuture[]::new)).join();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            // keep closing the rest
        }
    }
}
