package io.weft.controlplane.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.agent.model.NewService;

import io.weft.controlplane.ControlPlane;
import io.weft.controlplane.ControlPlaneConfig;
import io.weft.devmesh.consul.ConsulStandIn;

/**
 * A Consul stand-in on port 0, a consul-api client to register instances in it, and a control plane
 * with fast test timings against it, using a temporary CA directory. Use it as a JUnit extension
 * ({@code @RegisterExtension}, static for one per class) or with try-with-resources.
 */
public final class MeshFixture implements AutoCloseable, BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    public static final String TOKEN = "test-token";

    private ConsulStandIn consul;
    private final Path caDir;
    private final List<ControlPlane> controlPlanes = new ArrayList<>();
    private ConsulClient consulClient;
    private boolean classScoped;

    public MeshFixture() {
        try {
            caDir = Files.createTempDirectory("weft-cp-test-ca");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        consul = ConsulStandIn.start(0);
        consulClient = new ConsulClient("127.0.0.1", consul.port());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classScoped = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!classScoped) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public Path caDir() {
        return caDir;
    }

    /** Fast timings: 2s waits, no rate limit beyond 20ms, 50-200ms backoff, 1s keepalive. */
    public ControlPlaneConfig.Builder config() {
        return ControlPlaneConfig.builder()
                                 .consulUri(consul.uri())
                                 .caDir(caDir)
                                 .streamPort(0)
                                 .httpPort(0)
                                 .bindAddress("127.0.0.1")
                                 .bootstrapToken(TOKEN)
                                 .leafTtl(Duration.ofSeconds(30))
                                 .consulWait(Duration.ofSeconds(2))
                                 .consulMinInterval(Duration.ofMillis(20))
                                 .consulBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                                 .keepaliveInterval(Duration.ofSeconds(1))
                                 .shutdownGrace(Duration.ofSeconds(1));
    }

    /** Starts a control plane with {@link #config()} and waits until it is ready. */
    public ControlPlane start() {
        return start(config().build());
    }

    /** Starts a control plane (closed with this fixture) and waits until it is ready. */
    public ControlPlane start(ControlPlaneConfig config) {
        final ControlPlane controlPlane = startUnready(config);
        await().atMost(Duration.ofSeconds(20)).until(controlPlane::isReady);
        return controlPlane;
    }

    /** Starts a control plane (closed with this fixture) without waiting for its first snapshot. */
    public ControlPlane startUnready(ControlPlaneConfig config) {
        final ControlPlane controlPlane = ControlPlane.start(config);
        controlPlanes.add(controlPlane);
        return controlPlane;
    }

    /** The first control plane started. */
    public ControlPlane controlPlane() {
        return controlPlanes.get(0);
    }

    public ConsulStandIn consul() {
        return consul;
    }

    /** Registers a mesh instance with a passing TTL check {@code service:<id>}. */
    public void register(String service, String id, int port, Map<String, String> extraMeta) {
        final NewService s = new NewService();
        s.setId(id);
        s.setName(service);
        s.setAddress("127.0.0.1");
        s.setPort(port);
        final Map<String, String> meta = new HashMap<>(Map.of("weft-protocol", "grpc"));
        meta.putAll(extraMeta);
        s.setMeta(meta);
        final NewService.Check check = new NewService.Check();
        check.setTtl("60s");
        check.setStatus("passing");
        s.setCheck(check);
        consulClient.agentServiceRegister(s);
    }

    public void register(String service, String id, int port) {
        register(service, id, port, Map.of());
    }

    public void deregister(String id) {
        consulClient.agentServiceDeregister(id);
    }

    public void failCheck(String id) {
        consulClient.agentCheckFail("service:" + id);
    }

    public void passCheck(String id) {
        consulClient.agentCheckPass("service:" + id);
    }

    /** Stops the stand-in and starts an empty one on the same port (its index starts over). */
    public void restartConsul() {
        final int port = consul.port();
        consul.close();
        consul = ConsulStandIn.builder().port(port).start();
        consulClient = new ConsulClient("127.0.0.1", port);
    }

    /** A well-behaved test sidecar connected to the first control plane. */
    public StreamClient connect() throws Exception {
        return StreamClient.connect(controlPlane().streamPort(), controlPlane().rootCaPemFile());
    }

    public String csrFor(String service) {
        final ControlPlaneConfig config = controlPlane().config();
        return StreamClient.csrFor(config.trustDomain(), config.datacenter(), service);
    }

    @Override
    public void close() {
        controlPlanes.forEach(ControlPlane::close);
        controlPlanes.clear();
        consul.close();
        try (Stream<Path> files = Files.walk(caDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
