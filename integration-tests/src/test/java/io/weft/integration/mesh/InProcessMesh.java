package io.weft.integration.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.linecorp.armeria.server.Server;

import io.weft.controlplane.ControlPlane;
import io.weft.controlplane.ControlPlaneConfig;
import io.weft.demo.hello.HelloConfig;
import io.weft.demo.hello.HelloServer;
import io.weft.demo.sum.SumConfig;
import io.weft.demo.sum.SumServer;
import io.weft.devmesh.consul.ConsulStandIn;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.SidecarOptions;

/**
 * The whole mesh in this JVM, every listener on a port of its own: the Consul stand-in, the control
 * plane, {@code sum-1}, {@code sum-2} and {@code hello-1} each with its own sidecar, and the gateway —
 * the topology {@code ./weft up} runs as processes. Sidecars are configured through the sidecar's own
 * flag parser ({@link SidecarOptions}), with the flags the launcher passes.
 *
 * <pre>{@code
 * try (InProcessMesh mesh = InProcessMesh.start(Duration.ofHours(24))) {
 *     WebClient.of(mesh.gateway().toString()).blocking().get("/sum/v1/sum/40/2");
 * }
 * }</pre>
 */
public final class InProcessMesh implements RunningMesh {

    /** The bootstrap token every sidecar of this mesh presents. */
    public static final String TOKEN = "in-process-mesh-token";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Duration leafTtl;
    private final Path caDir;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final Map<String, Sidecar> sidecars = new LinkedHashMap<>();
    private final ConsulStandIn consul;
    private volatile ControlPlane controlPlane;
    private final int streamPort;
    private final int controlPlaneHttpPort;

    private InProcessMesh(Duration leafTtl) throws Exception {
        this.leafTtl = leafTtl;
        caDir = Files.createTempDirectory("weft-it-ca");
        consul = ConsulStandIn.start(0);
        controlPlane = ControlPlane.start(controlPlaneConfig(0, 0));
        streamPort = controlPlane.streamPort();
        controlPlaneHttpPort = controlPlane.httpPort();
    }

    /** Starts everything and returns once the gateway routes to every service. */
    public static InProcessMesh start(Duration leafTtl) throws Exception {
        final InProcessMesh mesh = new InProcessMesh(leafTtl);
        try {
            mesh.startWorkloads();
            return mesh;
        } catch (Exception | AssertionError e) {
            mesh.close();
            throw e;
        }
    }

    private ControlPlaneConfig controlPlaneConfig(int stream, int http) {
        return ControlPlaneConfig.builder()
                                 .consulUri(consul.uri())
                                 .caDir(caDir)
                                 .streamPort(stream)
                                 .httpPort(http)
                                 .bindAddress("127.0.0.1")
                                 .leafTtl(leafTtl)
                                 .bootstrapToken(TOKEN)
                                 .consulMinInterval(Duration.ofMillis(50))
                                 .build();
    }

    private void startWorkloads() throws Exception {
        for (String id : List.of("sum-1", "sum-2")) {
            final Server app = SumServer.build(SumConfig.of(0, id));
            app.start().join();
            toClose.push(() -> app.stop().join());
            sidecar(id, sidecarArgs("sum", id, app.activeLocalPort(), "grpc", true));
        }
        startHello("hello", "hello-1", true);
        sidecar("gateway", gatewayArgs());
        for (Sidecar sidecar : sidecars.values()) {
            sidecar.whenReady().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        MeshRoutes.awaitFormed(gateway(), READY_TIMEOUT);
    }

    /** A hello app behind a sidecar for {@code service}; the sidecar binds its outbound port first. */
    private Sidecar startHello(String service, String id, boolean register) {
        final int appPort = freePort();
        final Sidecar sidecar = sidecar(id, sidecarArgs(service, id, appPort, "http", register));
        final Server app = HelloServer.build(HelloConfig.of(
                appPort, id, URI.create("http://127.0.0.1:" + sidecar.outboundPort())));
        app.start().join();
        toClose.push(() -> app.stop().join());
        return sidecar;
    }

    private Sidecar sidecar(String name, List<String> args) {
        final Sidecar sidecar = Sidecar.start(SidecarOptions.parse(args, Map.of()));
        sidecars.put(name, sidecar);
        toClose.push(sidecar);
        return sidecar;
    }

    private List<String> common() {
        return List.of("--control-plane", "127.0.0.1:" + streamPort,
                       "--bootstrap-ca-file", controlPlane.rootCaPemFile().toString(),
                       "--token", TOKEN,
                       "--consul", consul.uri().toString(),
                       "--inbound-bind", "127.0.0.1", "--inbound-port", "0",
                       "--outbound-port", "0", "--admin-port", "0",
                       "--advertise-address", "127.0.0.1",
                       "--reconnect-max-backoff", "PT1S");
    }

    private List<String> sidecarArgs(String service, String id, int appPort, String protocol, boolean register) {
        final List<String> args = new ArrayList<>(common());
        args.addAll(List.of("--service", service, "--instance-id", id, "--app-port", String.valueOf(appPort),
                            "--app-protocol", protocol, "--consul-register", String.valueOf(register)));
        return args;
    }

    private List<String> gatewayArgs() {
        final List<String> args = new ArrayList<>(common());
        args.addAll(List.of("--mode", "gateway", "--service", "gateway", "--instance-id", "gateway-1",
                            "--edge-bind", "127.0.0.1", "--edge-port", "0", "--consul-register", "false"));
        return args;
    }

    @Override
    public URI gateway() {
        return URI.create("http://127.0.0.1:" + sidecars.get("gateway").edgePort());
    }

    @Override
    public URI consul() {
        return consul.uri();
    }

    public URI controlPlaneHttp() {
        return URI.create("http://127.0.0.1:" + controlPlaneHttpPort);
    }

    public Sidecar sidecar(String name) {
        return sidecars.get(name);
    }

    @Override
    public synchronized void restartControlPlane() {
        controlPlane.close();
        controlPlane = ControlPlane.start(controlPlaneConfig(streamPort, controlPlaneHttpPort));
    }

    @Override
    public synchronized ExtraInstance startUnregistered(String service, String instanceId) throws Exception {
        final Sidecar sidecar = startHello(service, instanceId, false);
        sidecar.whenReady().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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
            public void close() {
                sidecar.close();
            }
        };
    }

    @Override
    public long certificateRotations(String sidecar) {
        return sidecars.get(sidecar).identity().rotations();
    }

    @Override
    public synchronized void close() throws Exception {
        Exception first = null;
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
        consul.close();
        if (first != null) {
            throw first;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
