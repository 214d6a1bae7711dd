package io.weft.integration.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.testcontainers.DockerClientFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import com.linecorp.armeria.client.WebClient;

import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.common.AggregatedHttpResponse;

/**
 * The docker-compose topology as Testcontainers: Consul ({@code CONSUL_IMAGE}, default
 * {@code hashicorp/consul:1.20}, or the repository's stand-in image), the control plane, {@code sum-1},
 * {@code sum-2} and {@code hello-1} each as a namespace holder {@code <id>-pod} whose network namespace
 * its sidecar and its app join, and the gateway — all from the one image the repository's Dockerfile builds ({@code WEFT_IMAGE} to
 * use an image built already, e.g. by {@code docker compose build}; else it is built here with
 * {@code JDK_IMAGE}/{@code JRE_IMAGE} as base images). Same commands as docker-compose.yml.
 */
public final class ContainerMesh implements RunningMesh {

    public static final String TOKEN = "container-mesh-token";
    private static final String ROOT_PEM = "/var/lib/weft/ca/root.pem";

    /** The images this mesh runs, from the environment; see the class comment. */
    public record Images(String consul, String weft, String jdk, String jre) {
        public static Images fromEnvironment(Map<String, String> env) {
            return new Images(env.getOrDefault("CONSUL_IMAGE", "hashicorp/consul:1.20"),
                              env.getOrDefault("WEFT_IMAGE", ""),
                              env.getOrDefault("JDK_IMAGE", "eclipse-temurin:21-jdk"),
                              env.getOrDefault("JRE_IMAGE", "eclipse-temurin:21-jre"));
        }

        /** The images that must exist locally or be pullable. */
        public List<String> required() {
            return weft.isEmpty() ? List.of(consul, jdk, jre) : List.of(consul, weft);
        }
    }

    private final Network network = Network.newNetwork();
    private final Deque<GenericContainer<?>> started = new ArrayDeque<>();
    /** By instance name: the container whose port 15000 is the instance's sidecar admin listener. */
    private final Map<String, GenericContainer<?>> admins = new LinkedHashMap<>();
    private final Images images;
    private final Duration leafTtl;
    private final Object weftImage;
    private ConsulContainer consul;
    private GenericContainer<?> controlPlane;
    @Nullable
    private volatile URI controlPlaneHttpAfterRestart;
    private String rootPem;

    private ContainerMesh(Images images, Duration leafTtl) {
        this.images = images;
        this.leafTtl = leafTtl;
        if (images.weft().isEmpty()) {
            final Path root = Path.of("").toAbsolutePath().getParent();
            weftImage = new ImageFromDockerfile("weft-it", false)
                    .withDockerfile(root.resolve("Dockerfile"))
                    .withTarget("weft")
                    .withBuildArg("JDK_IMAGE", images.jdk())
                    .withBuildArg("JRE_IMAGE", images.jre());
        } else {
            weftImage = images.weft();
        }
    }

    public static ContainerMesh start(Images images, Duration leafTtl) {
        final ContainerMesh mesh = new ContainerMesh(images, leafTtl);
        try {
            mesh.startAll();
            return mesh;
        } catch (RuntimeException | AssertionError e) {
            mesh.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private GenericContainer<?> weft(String... command) {
        final GenericContainer<?> container = weftImage instanceof String name
                                              ? new GenericContainer<>(DockerImageName.parse(name))
                                              : new GenericContainer<>((Future<String>) weftImage);
        return container.withCommand(command).withStartupTimeout(Duration.ofMinutes(3));
    }

    private <T extends GenericContainer<?>> T start(T container) {
        container.start();
        started.push(container);
        return container;
    }

    private void startAll() {
        consul = start(new ConsulContainer(DockerImageName.parse(images.consul())
                                                          .asCompatibleSubstituteFor("hashicorp/consul"))
                               .withNetwork(network).withNetworkAliases("consul")
                               .withStartupTimeout(Duration.ofMinutes(3)));
        controlPlane = start(weft("control-plane", "--consul", "http://consul:8500",
                                  "--ca-dir", "/var/lib/weft/ca", "--bind", "0.0.0.0",
                                  "--leaf-ttl", leafTtl.toSeconds() + "s", "--keepalive-interval", "2s")
                                     .withEnv("WEFT_BOOTSTRAP_TOKEN", TOKEN)
                                     .withEnv("WEFT_SERVER_NAMES", "control-plane")
                                     .withNetwork(network).withNetworkAliases("control-plane")
                                     .withExposedPorts(15014)
                                     .waitingFor(Wait.forHttp("/readyz").forPort(15014)));
        rootPem = controlPlane.copyFileFromContainer(
                ROOT_PEM, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
        workload("sum", "sum-1", "grpc", true);
        workload("sum", "sum-2", "grpc", true);
        workload("hello", "hello-1", "http", true);
        final GenericContainer<?> gateway = sidecar("--mode", "gateway", "--service", "gateway",
                                                    "--instance-id", "gateway-1", "--edge-bind", "0.0.0.0",
                                                    "--edge-port", "8080", "--consul-register", "false")
                .withNetwork(network).withNetworkAliases("gateway")
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName("gateway"))
                .withExposedPorts(8080, 15000)
                .waitingFor(Wait.forHttp("/readyz").forPort(15000).withStartupTimeout(Duration.ofMinutes(3)));
        admins.put("gateway", start(gateway));
        MeshRoutes.awaitFormed(gateway(), Duration.ofMinutes(2));
    }

    /** A sidecar container; admin on every address, so Consul's check reaches it. */
    private GenericContainer<?> sidecar(String... args) {
        final List<String> command = new ArrayList<>(List.of(
                "sidecar", "--control-plane", "control-plane:15012", "--bootstrap-ca-file", ROOT_PEM,
                "--consul", "http://consul:8500", "--inbound-port", "21000", "--admin-bind", "0.0.0.0",
                "--reconnect-max-backoff", "1s"));
        command.addAll(List.of(args));
        return weft(command.toArray(String[]::new))
                .withEnv("WEFT_TOKEN", TOKEN)
                .withCopyToContainer(Transferable.of(rootPem), ROOT_PEM);
    }

    /**
     * An instance as docker-compose.yml runs it: a namespace holder ({@code <id>-pod}, the address other
     * containers reach it by), and the sidecar and the app in its network namespace. Returns once the
     * sidecar is ready and its app accepts connections ({@code /readyz} and {@code /healthz}, see
     * sidecar/README.md, "Readiness").
     */
    private Workload workload(String service, String id, String protocol, boolean register) {
        final String address = id + "-pod";
        final String appPort = "sum".equals(service) ? "50051" : "8081";
        final GenericContainer<?> pod = start(weft("pause")
                .withNetwork(network).withNetworkAliases(address)
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName(id))
                .withExposedPorts(15000) // the sidecar's admin listener, once the sidecar joins
                .waitingFor(Wait.forSuccessfulCommand("true"))); // running: nothing listens yet
        admins.put(id, pod);
        final String namespace = "container:" + pod.getContainerId();
        final GenericContainer<?> sidecar = start(sidecar("--service", service, "--instance-id", id,
                                                          "--app-port", appPort, "--app-protocol", protocol,
                                                          "--advertise-address", address,
                                                          "--consul-register", String.valueOf(register))
                                                          .withNetworkMode(namespace));
        final WebClient admin = WebClient.builder("http://" + pod.getHost() + ':' + pod.getMappedPort(15000))
                                         .responseTimeout(Duration.ofSeconds(5)).build();
        awaitOk(admin, "/readyz", id + "'s sidecar");
        final String app = "grpc".equals(protocol) ? "sum" : "hello";
        final List<String> command = new ArrayList<>(List.of(app, "--port", appPort, "--instance-id", id));
        if ("hello".equals(app)) {
            command.addAll(List.of("--upstream", "http://127.0.0.1:15001"));
        }
        final GenericContainer<?> appContainer = start(weft(command.toArray(String[]::new)).withNetworkMode(namespace));
        awaitOk(admin, "/healthz", id + "'s app (as its sidecar sees it)");
        return new Workload(pod, sidecar, appContainer);
    }

    /** Waits until {@code path} on an admin listener answers 200; fails with its last answer. */
    private static void awaitOk(WebClient admin, String path, String what) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
               .alias(what + ": " + path).untilAsserted(() -> {
                   final AggregatedHttpResponse response = admin.blocking().get(path);
                   assertThat(response.status().code()).as("%s %s: %s", what, path, response.contentUtf8())
                                                       .isEqualTo(200);
               });
    }

    /** One instance's containers; stopped app first, then its sidecar, then the namespace holder. */
    private record Workload(GenericContainer<?> pod, GenericContainer<?> sidecar, GenericContainer<?> app) {
        void stop() {
            app.stop();
            sidecar.stop();
            pod.stop();
        }
    }

    @Override
    public URI gateway() {
        final GenericContainer<?> gateway = admins.get("gateway");
        return URI.create("http://" + gateway.getHost() + ':' + gateway.getMappedPort(8080));
    }

    @Override
    public URI controlPlaneHttp() {
        final URI restarted = controlPlaneHttpAfterRestart;
        return restarted != null ? restarted
                                 : URI.create("http://" + controlPlane.getHost() + ':' + controlPlane.getMappedPort(15014));
    }

    @Override
    public URI consul() {
        return URI.create("http://" + consul.getHost() + ':' + consul.getMappedPort(8500));
    }

    @Override
    public void restartControlPlane() {
        final DockerClient docker = DockerClientFactory.instance().client();
        docker.restartContainerCmd(controlPlane.getContainerId()).withTimeout(10).exec();
        // Docker binds a restarted container's published ports anew (other host ports), and Testcontainers'
        // getMappedPort answers from what it read at start: ask Docker for the new binding.
        final Ports.Binding[] bindings = docker.inspectContainerCmd(controlPlane.getContainerId()).exec()
                                               .getNetworkSettings().getPorts().getBindings()
                                               .get(ExposedPort.tcp(15014));
        assertThat(bindings).as("the control plane's published port 15014 after its restart").isNotEmpty();
        controlPlaneHttpAfterRestart = URI.create("http://" + controlPlane.getHost() + ':' +
                                                  bindings[0].getHostPortSpec());
    }

    @Override
    public ExtraInstance startUnregistered(String service, String instanceId) {
        final Workload workload = workload(service, instanceId, "http", false);
        return new ExtraInstance() {
            @Override
            public String address() {
                return instanceId + "-pod";
            }

            @Override
            public int inboundPort() {
                return 21000;
            }

            @Override
            public URI healthCheck() {
                return URI.create("http://" + address() + ":15000/healthz");
            }

            @Override
            public void close() {
                workload.stop();
            }
        };
    }

    /** From the sidecar's Prometheus metrics: {@code weft_certificate_rotations}. */
    @Override
    public long certificateRotations(String name) {
        final GenericContainer<?> admin = admins.get(name);
        final String metrics = WebClient.of("http://" + admin.getHost() + ':' + admin.getMappedPort(15000))
                                        .blocking().get("/metrics").contentUtf8();
        return metrics.lines().filter(l -> l.startsWith("weft_certificate_rotations"))
                      .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                      .mapToLong(v -> (long) Double.parseDouble(v)).findFirst()
                      .orElseThrow(() -> new IllegalStateException("no weft_certificate_rotations in " + name
                                                                    + "'s /metrics"));
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            started.pop().stop();
        }
        network.close();
    }
}
