package io.weft.integration.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.demo.hello.HelloConfig;
import io.weft.demo.hello.HelloServer;
import io.weft.demo.sum.SumConfig;
import io.weft.demo.sum.SumServer;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.Mode;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * The whole mesh in this JVM, every listener on a port of its own: the Consul stand-in, the control
 * plane, {@code sum-1}, {@code sum-2} and {@code hello-1} each with its own sidecar, and the gateway —
 * the topology {@code ./weft up} runs as processes. Built from the shared fixtures: a
 * {@link SidecarExtension} around the real control plane of a {@link ControlPlaneExtension}, and the
 * demo apps in a {@link DemoAppsExtension}; sidecars get the settings the launcher passes as flags.
 *
 * <pre>{@code
 * try (InProcessMesh mesh = InProcessMesh.start(Duration.ofHours(24))) {
 *     WebClient.of(mesh.gateway().toString()).blocking().get("/sum/v1/sum/40/2");
 * }
 * }</pre>
 */
public final class InProcessMesh implements RunningMesh {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final DemoAppsExtension apps = new DemoAppsExtension();
    private final SidecarExtension sidecars;
    private final Map<String, Sidecar> byName = new ConcurrentHashMap<>();
    private final BiFunction<String, SidecarConfig.Builder, SidecarConfig.Builder> extra;

    private InProcessMesh(Duration leafTtl, BiFunction<String, SidecarConfig.Builder, SidecarConfig.Builder> extra) {
        this.extra = extra;
        sidecars = SidecarExtension.withControlPlane(
                new ControlPlaneExtension(),
                cp -> cp.baseConfig().leafTtl(leafTtl).consulMinInterval(Duration.ofMillis(50))
                        .trafficInterval(Duration.ofSeconds(1)).build());
    }

    /** Starts everything and returns once the gateway routes to every service. */
    public static InProcessMesh start(Duration leafTtl) throws Exception {
        return start(leafTtl, (name, config) -> config);
    }

    /**
     * Starts everything, each sidecar's config passed through {@code extra} with the sidecar's name
     * ({@code sum-1}, {@code sum-2}, {@code hello-1}, {@code gateway}) first: options a test adds.
     */
    public static InProcessMesh start(Duration leafTtl,
                                      BiFunction<String, SidecarConfig.Builder, SidecarConfig.Builder> extra)
            throws Exception {
        final InProcessMesh mesh = new InProcessMesh(leafTtl, extra);
        try {
            mesh.apps.start();
            mesh.sidecars.start();
            mesh.startWorkloads();
            return mesh;
        } catch (Exception | AssertionError e) {
            mesh.close();
            throw e;
        }
    }

    private void startWorkloads() {
        for (String id : List.of("sum-1", "sum-2")) {
            final int appPort = apps.startApp(SumServer.build(SumConfig.of(0, id))).activeLocalPort();
            startSidecar(id, sidecarConfig("sum", id).appPort(appPort).appProtocol(AppProtocol.GRPC));
        }
        startHello("hello", "hello-1", true);
        startSidecar("gateway", sidecarConfig("gateway", "gateway-1").mode(Mode.GATEWAY)
                                                                   .edge("127.0.0.1", 0)
                                                                   .consulRegister(false));
        MeshRoutes.awaitFormed(gateway(), READY_TIMEOUT);
    }

    /** A hello app behind a sidecar for {@code service}; the sidecar binds its outbound port first. */
    private Sidecar startHello(String service, String id, boolean register) {
        final int appPort = freePort();
        final Sidecar sidecar = startSidecar(id, sidecarConfig(service, id).appPort(appPort)
                                                                          .appProtocol(AppProtocol.HTTP)
                                                                          .consulRegister(register));
        apps.startApp(HelloServer.build(HelloConfig.of(
                appPort, id, URI.create("http://127.0.0.1:" + sidecar.outboundPort()))));
        return sidecar;
    }

    /** What the launcher passes besides the defaults: loopback inbound, advertised as such, 1 s reconnect cap. */
    private SidecarConfig.Builder sidecarConfig(String service, String id) {
        return sidecars.baseConfig(service, id)
                       .inbound("127.0.0.1", 0)
                       .advertiseAddress("127.0.0.1")
                       .reconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    private Sidecar startSidecar(String name, SidecarConfig.Builder config) {
        final Sidecar sidecar = sidecars.startSidecar(extra.apply(name, config).build());
        byName.put(name, sidecar);
        return sidecar;
    }

    @Override
    public URI gateway() {
        return URI.create("http://127.0.0.1:" + byName.get("gateway").edgePort());
    }

    /** The control plane's HTTP side: {@code /api/v1/mesh}, {@code /api/v1/traffic}, {@code /ui/}. */
    @Override
    public URI controlPlaneHttp() {
        return URI.create("http://127.0.0.1:" + sidecars.controlPlane().controlPlane().httpPort());
    }

    @Override
    public URI consul() {
        return sidecars.controlPlane().consul().uri();
    }

    @Override
    public synchronized void restartControlPlane() {
        sidecars.controlPlane().restartControlPlane();
    }

    @Override
    public synchronized ExtraInstance startUnregistered(String service, String instanceId) {
        final Sidecar sidecar = startHello(service, instanceId, false);
        return new ExtraInstance() {
            @Override
            public String address() {
                return "127.0.0.1";
            }

            @Override
            public int inboundPort() {
                return sidecar.inboundPort();
            }

            @Override
            public URI healthCheck() {
                return URI.create("http://127.0.0.1:" + sidecar.adminPort() + "/healthz");
            }

            @Override
            public void close() {
                sidecar.close();
            }
        };
    }

    @Override
    public long certificateRotations(String sidecar) {
        return byName.get(sidecar).identity().rotations();
    }

    /** Closes the sidecars, then the control plane, Consul and CA, then the apps. */
    @Override
    public void close() {
        try {
            sidecars.close();
        } finally {
            apps.close();
        }
    }

    /**
     * A loopback port free a moment ago, for a process that must be told its port before it binds (an app
     * whose sidecar starts first, chromedriver). Another process may take it in between; tests accept that.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
