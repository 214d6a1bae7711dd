package io.weft.controlplane.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.agent.model.NewService;

import io.weft.controlplane.ControlPlane;
import io.weft.controlplane.ControlPlaneConfig;
import io.weft.devmesh.consul.ConsulStandIn;

/**
 * A Consul stand-in on port 0, a consul-api client to register instances in it, and a control plane
 * with fast test timings against it. One per test; close it.
 */
public final class MeshFixture implements AutoCloseable {

    public static final String TOKEN = "test-token";

    private ConsulStandIn consul;
    private final Path caDir;
    private ControlPlane controlPlane;
    private ConsulClient consulClient;

    public MeshFixture(Path caDir) {
        this.caDir = caDir;
        consul = ConsulStandIn.start(0);
        consulClient = new ConsulClient("127.0.0.1", consul.port());
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

    public ControlPlane start() {
        return start(config().build());
    }

    public ControlPlane start(ControlPlaneConfig config) {
        controlPlane = ControlPlane.start(config);
        return controlPlane;
    }

    public ControlPlane controlPlane() {
        return controlPlane;
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

    public StreamClient connect() throws Exception {
        return StreamClient.connect(controlPlane.streamPort(), controlPlane.rootCaPemFile());
    }

    public String csrFor(String service) {
        return StreamClient.csrFor(controlPlane.config().trustDomain(), controlPlane.config().datacenter(), service);
    }

    @Override
    public void close() {
        if (controlPlane != null) {
            controlPlane.close();
        }
        consul.close();
    }
}
