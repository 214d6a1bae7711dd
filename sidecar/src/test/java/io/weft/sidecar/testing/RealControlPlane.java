package io.weft.sidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.weft.controlplane.ControlPlane;
import io.weft.controlplane.ControlPlaneConfig;
import io.weft.devmesh.consul.ConsulStandIn;

/** The real control plane ({@code io.weft.controlplane}) watching the Consul API stand-in, on port 0. */
public final class RealControlPlane implements MeshControl {
    private final ConsulStandIn consul;
    private final ControlPlane controlPlane;
    private final Path caDir;

    public static RealControlPlane start(String token, Duration leafTtl) {
        return new RealControlPlane(token, leafTtl);
    }

    private RealControlPlane(String token, Duration leafTtl) {
        consul = ConsulStandIn.builder().port(0).minCheckInterval(Duration.ofMillis(200)).start();
        try {
            caDir = Files.createTempDirectory("weft-ca");
        } catch (IOException e) {
            consul.close();
            throw new UncheckedIOException(e);
        }
        controlPlane = ControlPlane.start(ControlPlaneConfig.builder()
                                                            .consulUri(consul.uri())
                                                            .caDir(caDir)
                                                            .streamPort(0)
                                                            .httpPort(0)
                                                            .bindAddress("127.0.0.1")
                                                            .leafTtl(leafTtl)
                                                            .bootstrapToken(token)
                                                            .consulWait(Duration.ofSeconds(5))
                                                            .build());
    }

    public ConsulStandIn consul() {
        return consul;
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    @Override
    public String address() {
        return "127.0.0.1:" + controlPlane.streamPort();
    }

    @Override
    public Path rootCaFile() {
        return controlPlane.rootCaPemFile();
    }

    @Override
    public URI consulUri() {
        return consul.uri();
    }

    @Override
    public void announce(String service, String instanceId, int inboundPort) {
        // The sidecar registered itself in Consul; the control plane watches it.
    }

    @Override
    public void close() {
        controlPlane.close();
        consul.close();
        try (Stream<Path> files = Files.walk(caDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir
        }
    }
}
