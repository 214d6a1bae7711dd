package io.weft.sidecar.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.weft.common.annotation.Nullable;
import io.weft.controlplane.ControlPlaneConfig;
import io.weft.controlplane.testing.AllOrEachExtension;
import io.weft.controlplane.testing.ConsulStandInExtension;
import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.Mode;
import io.weft.sidecar.config.SidecarConfig;

/**
 * Sidecars in this JVM, every listener on port 0, and the control plane they bootstrap from, which this
 * extension starts first and closes last: either the in-test {@link FakeControlPlane} (each sidecar is
 * announced to it directly, Consul registration off) or the real one of a {@link ControlPlaneExtension},
 * over the Consul stand-in (sidecars register themselves). Sidecars close in parallel, each draining on
 * its own. Put the apps behind them in a {@link DemoAppsExtension} registered before this one.
 *
 * <pre>{@code
 * @RegisterExtension
 * final DemoAppsExtension apps = new DemoAppsExtension();
 * @RegisterExtension
 * final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));
 *
 * @Test
 * void callsSum() {
 *     final int sumApp = apps.startSum("sum-1").activeLocalPort();
 *     mesh.startSidecar("sum", "sum-1", sumApp, AppProtocol.GRPC, List.of());
 *     ...
 * }
 * }</pre>
 */
public final class SidecarExtension extends AllOrEachExtension {

    /** The bootstrap token every sidecar presents, whichever the control plane. */
    public static final String TOKEN = ControlPlaneExtension.TOKEN;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Duration leafTtl;
    @Nullable
    private final ControlPlaneExtension controlPlanes;
    @Nullable
    private final Function<ControlPlaneExtension, ControlPlaneConfig> controlPlaneConfig;
    @Nullable
    private FakeControlPlane fake;
    private final List<Sidecar> sidecars = new CopyOnWriteArrayList<>();

    private SidecarExtension(Duration leafTtl, @Nullable ControlPlaneExtension controlPlanes,
                             @Nullable Function<ControlPlaneExtension, ControlPlaneConfig> controlPlaneConfig) {
        this.leafTtl = leafTtl;
        this.controlPlanes = controlPlanes;
        this.controlPlaneConfig = controlPlaneConfig;
    }

    /** Sidecars around the in-test control plane: fast, and tests push endpoints and intentions directly. */
    public static SidecarExtension withFakeControlPlane(Duration leafTtl) {
        return new SidecarExtension(leafTtl, null, null);
    }

    /** Sidecars around the real control plane over the Consul stand-in (checks run every 200 ms). */
    public static SidecarExtension withControlPlane(Duration leafTtl) {
        return withControlPlane(
                new ControlPlaneExtension(new ConsulStandInExtension(b -> b.minCheckInterval(Duration.ofMillis(200)))),
                cp -> cp.baseConfig().leafTtl(leafTtl).consulWait(Duration.ofSeconds(5)).build());
    }

    /**
     * Sidecars around a real control plane of {@code controlPlanes} (started and closed with this
     * extension), configured by {@code config}.
     */
    public static SidecarExtension withControlPlane(ControlPlaneExtension controlPlanes,
                                                    Function<ControlPlaneExtension, ControlPlaneConfig> config) {
        return new SidecarExtension(Duration.ZERO, controlPlanes, config);
    }

    @Override
    protected void doStart() {
        if (controlPlanes == null) {
            fake = FakeControlPlane.start(TOKEN, leafTtl);
            return;
        }
        controlPlanes.start();
        controlPlanes.startUnready(controlPlaneConfig.apply(controlPlanes));
    }

    /** The in-test control plane; only for {@link #withFakeControlPlane(Duration)}. */
    public FakeControlPlane fakeControlPlane() {
        return checkStarted(fake, "fake control plane");
    }

    /** The real control plane's extension (its Consul, CA, restart); only for {@code withControlPlane}. */
    public ControlPlaneExtension controlPlane() {
        if (controlPlanes == null) {
            throw new IllegalStateException("no real control plane (expected: SidecarExtension.withControlPlane)");
        }
        return controlPlanes;
    }

    private String controlPlaneAddress() {
        return controlPlanes == null ? fakeControlPlane().address()
                                     : "127.0.0.1:" + controlPlanes.controlPlane().streamPort();
    }

    private Path rootCaFile() {
        return controlPlanes == null ? fakeControlPlane().rootCaFile() : controlPlanes.controlPlane().rootCaPemFile();
    }

    /**
     * A sidecar of {@code service} bootstrapping from the control plane with {@link #TOKEN}, every port 0,
     * registering itself in Consul when the control plane reads Consul; the product's timings.
     */
    public SidecarConfig.Builder baseConfig(String service, String instanceId) {
        return SidecarConfig.builder()
                            .mode(Mode.SIDECAR)
                            .service(service)
                            .instanceId(instanceId)
                            .controlPlaneAddress(controlPlaneAddress())
                            .bootstrapCaFile(rootCaFile())
                            .token(TOKEN)
                            .inboundPort(0)
                            .outboundPort(0)
                            .adminPort(0)
                            .edgePort(0)
                            .consulRegister(controlPlanes != null)
                            .consulUri(controlPlanes != null ? controlPlanes.consul().uri()
                                                             : URI.create("http://127.0.0.1:8500"));
    }

    /** {@link #baseConfig} with fast timings: 5 s keepalive, 300 ms grace, 50 ms - 1 s reconnect backoff. */
    public SidecarConfig.Builder config(String service, String instanceId) {
        return baseConfig(service, instanceId).keepaliveInterval(Duration.ofSeconds(5))
                                              .shutdownGrace(Duration.ofMillis(300))
                                              .reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    /** Starts a sidecar with {@link #config} in front of the app on {@code appPort}. */
    public Sidecar startSidecar(String service, String instanceId, int appPort, AppProtocol protocol,
                                List<String> upstreams) {
        return startSidecar(config(service, instanceId).appPort(appPort).appProtocol(protocol)
                                                       .upstreams(upstreams).build());
    }

    /** Starts a gateway-mode sidecar {@code gateway-1} routing to {@code upstreams}. */
    public Sidecar startGateway(List<String> upstreams) {
        return startSidecar(config("gateway", "gateway-1").mode(Mode.GATEWAY).upstreams(upstreams).build());
    }

    /**
     * Starts a sidecar (closed with this extension), waits until it serves and, in sidecar mode with the
     * fake control plane, announces its inbound port as an endpoint of its service.
     */
    public Sidecar startSidecar(SidecarConfig config) {
        requireStarted();
        final Sidecar sidecar = Sidecar.start(config);
        sidecars.add(sidecar);
        try {
            sidecar.whenReady().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("sidecar " + config.instanceId() + " did not become ready: " +
                                            sidecar.readinessDetail(), e);
        }
        if (fake != null && config.mode() == Mode.SIDECAR) {
            fake.putEndpoint(config.service(), config.instanceId(), sidecar.inboundPort());
        }
        return sidecar;
    }

    @Override
    protected void doClose() {
        CompletableFuture.allOf(sidecars.stream().map(s -> CompletableFuture.runAsync(s::close))
                                        .toArray(CompletableFuture[]::new))
                         .exceptionally(e -> null).join();
        sidecars.clear();
        if (fake != null) {
            fake.close();
            fake = null;
        }
        if (controlPlanes != null) {
            controlPlanes.close();
        }
    }
}
