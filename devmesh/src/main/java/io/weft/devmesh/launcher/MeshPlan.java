package io.weft.devmesh.launcher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local topology as process specs, with a free port for every listener: Consul (unless one is
 * already running), the control-plane replicas ({@code --control-planes}, sharing one CA directory),
 * {@code sum-1}, {@code sum-2} and {@code hello-1} each with its own sidecar, and the gateway. The same topology as docker-compose.yml. Every component's command
 * line is written here and nowhere else.
 */
final class MeshPlan {

    /**
     * One app with its sidecar.
     *
     * @param meta the instance's own Consul {@code Meta} as {@code key=value,...} ({@code version=v1}: what a
     *             service-resolver's subsets select on), empty for none
     */
    record Workload(String service, String instanceId, String protocol, String meta, int appPort, int inboundPort,
                    int outboundPort, int adminPort) {}

    private final UpOptions options;
    private final String token;
    private final URI consul;
    private final int consulPort;
    private final List<Integer> consulExtraPorts;
    private final List<Integer> streamPorts = new ArrayList<>();
    private final List<Integer> httpPorts = new ArrayList<>();
    private final List<Workload> workloads;
    private final int gatewayOutbound;
    private final int gatewayInbound;
    private final int gatewayAdmin;
    private final Workload training;
    private final int zipkinPort;

    MeshPlan(UpOptions options, PortAllocator ports, String token) {
        this.options = options;
        this.token = token;
        ports.require(options.gatewayPort(), "--port (gateway)");
        if (options.consul().kind() == ConsulChoice.Kind.EXTERNAL) {
            consul = options.consul().external().orElseThrow();
            consulPort = consul.getPort();
            consulExtraPorts = List.of();
        } else {
            consulPort = ports.next();
            consul = URI.create("http://127.0.0.1:" + consulPort);
            consulExtraPorts = options.consul().kind() == ConsulChoice.Kind.REAL
                               ? List.of(ports.next(), ports.next(), ports.next(), ports.next()) : List.of();
        }
        for (int i = 0; i < options.controlPlanes(); i++) {
            streamPorts.add(ports.next());
            httpPorts.add(ports.next());
        }
        workloads = List.of(workload(ports, "sum", "sum-1", "grpc", "version=v1"),
                            workload(ports, "sum", "sum-2", "grpc", "version=v2"),
                            workload(ports, "hello", "hello-1", "http", ""));
        gatewayOutbound = ports.next();
        gatewayInbound = ports.next();
        gatewayAdmin = ports.next();
        training = workload(ports, "archive-training", "archive-training-1", "grpc", "");
        zipkinPort = options.tracing() ? ports.next() : 0;
    }

    private static Workload workload(PortAllocator ports, String service, String id, String protocol, String meta) {
        return new Workload(service, id, protocol, meta, ports.next(), ports.next(), ports.next(), ports.next());
    }

    URI consul() {
        return consul;
    }

    /** The first replica's HTTP side (status API, metrics). */
    URI controlPlaneHttp() {
        return controlPlaneHttp(0);
    }

    private URI controlPlaneHttp(int replica) {
        return URI.create("http://127.0.0.1:" + httpPorts.get(replica));
    }

    URI gateway() {
        return URI.create("http://127.0.0.1:" + options.gatewayPort());
    }

    /** What sidecars get as {@code --control-plane}: the one replica's address, or {@code consul} for several. */
    String streamAddress() {
        return streamPorts.size() == 1 ? "127.0.0.1:" + streamPorts.get(0) : "consul";
    }

    Path tokenFile() {
        return options.stateDir().resolve("bootstrap-token");
    }

    List<Workload> workloads() {
        return workloads;
    }

    Path caDir() {
        return options.stateDir().resolve("ca");
    }

    /** Where the control plane writes the root CA's PEM, which sidecars read for bootstrap trust. */
    Path rootCaFile() {
        return caDir().resolve("root.pem");
    }

    /**
     * A module's fat jar: {@code <home>/<module>/target/<name>.jar} in a repository, or
     * {@code <home>/<name>.jar} in a directory of jars (the image's {@code /opt/weft}).
     */
    Path jar(String module, String name) {
        return jar(options.home(), module, name);
    }

    /** {@link #jar(String, String)} under {@code home}. */
    static Path jar(Path home, String module, String name) {
        final Path built = home.resolve(module).resolve("target").resolve(name + ".jar");
        final Path flat = home.resolve(name + ".jar");
        return !Files.exists(built) && Files.exists(flat) ? flat : built;
    }

    /** The sidecar's recommended JVM options, next to its jar: read by {@code java @file}. */
    Path sidecarJvmOptions() {
        return jar("sidecar", "sidecar").resolveSibling("sidecar.jvmopts");
    }

    /** The sidecars' AppCDS archive for this JDK, next to the sidecar jar. */
    SidecarArchive sidecarArchive() {
        return SidecarArchive.nextTo(jar("sidecar", "sidecar"), sidecarJvmOptions());
    }

    /** Consul, unless an external one is used. */
    Optional<ProcessSpec> consulSpec() {
        return switch (options.consul().kind()) {
            case EXTERNAL -> Optional.empty();
            case STAND_IN -> Optional.of(new ProcessSpec(
                    0, "consul", java(jar("devmesh", "devmesh"), "consul", "--port", String.valueOf(consulPort),
                                             "--bind", "127.0.0.1"),
                    Map.of(), Optional.of(Probe.consulLeader(consul)),
                    List.of("HTTP API  " + consul + "  (stand-in)")));
            case REAL -> Optional.of(new ProcessSpec(
                    0, "consul", List.of(options.consul().binary().orElseThrow().toString(), "agent", "-dev",
                                         "-bind", "127.0.0.1", "-client", "127.0.0.1",
                                         "-http-port", String.valueOf(consulPort),
                                         "-grpc-port", String.valueOf(consulExtraPorts.get(0)),
                                         "-grpc-tls-port", "-1", "-dns-port", "-1",
                                         "-serf-lan-port", String.valueOf(consulExtraPorts.get(1)),
                                         "-serf-wan-port", String.valueOf(consulExtraPorts.get(2)),
                                         "-server-port", String.valueOf(consulExtraPorts.get(3))),
                    Map.of(), Optional.of(Probe.consulLeader(consul)),
                    List.of("HTTP API  " + consul + "  (consul agent -dev; UI " + consul + "/ui)")));
        };
    }

    /** The first control-plane replica. */
    ProcessSpec controlPlaneSpec() {
        return controlPlaneSpec(0);
    }

    /** Every control-plane replica: {@code control-plane}, then {@code control-plane-2} ... */
    List<ProcessSpec> controlPlaneSpecs() {
        final List<ProcessSpec> specs = new ArrayList<>();
        for (int i = 0; i < streamPorts.size(); i++) {
            specs.add(controlPlaneSpec(i));
        }
        return specs;
    }

    private ProcessSpec controlPlaneSpec(int replica) {
        final String name = replica == 0 ? "control-plane" : "control-plane-" + (replica + 1);
        final int streamPort = streamPorts.get(replica);
        final List<String> args = new ArrayList<>(List.of(
                "--consul", consul.toString(), "--ca-dir", caDir().toString(),
                "--stream-port", String.valueOf(streamPort), "--http-port", String.valueOf(httpPorts.get(replica)),
                "--bind", "127.0.0.1", "--advertise-address", "127.0.0.1", "--replica-id", name));
        options.leafTtl().ifPresent(ttl -> args.addAll(List.of("--leaf-ttl", ttl.toString())));
        return new ProcessSpec(1, name, java(jar("control-plane", "control-plane"), args),
                               Map.of("WEFT_BOOTSTRAP_TOKEN", token),
                               Optional.of(Probe.ok(controlPlaneHttp(replica).resolve("/readyz"))),
                               List.of("stream    127.0.0.1:" + streamPort + "  (gRPC over TLS; in Consul as "
                                       + name + ")",
                                       "HTTP      " + controlPlaneHttp(replica) + "  (/ui /api/v1/mesh /api/v1/traffic /metrics /docs)"));
    }

    /** The Zipkin server every sidecar sends spans to, with {@code --tracing}. */
    Optional<URI> zipkin() {
        return options.tracing() ? Optional.of(URI.create("http://127.0.0.1:" + zipkinPort)) : Optional.empty();
    }

    /** The Zipkin server's exec jar, copied next to devmesh.jar by the build. */
    Path zipkinJar() {
        return jar("devmesh", "zipkin-server");
    }

    /**
     * A real Zipkin (in-memory storage) with {@code --tracing}: started with the workloads, since a sidecar
     * needs nothing from it to serve (spans sent before it listens are dropped and counted).
     */
    Optional<ProcessSpec> zipkinSpec() {
        return zipkin().map(uri -> new ProcessSpec(
                2, "zipkin", java(zipkinJar(), List.of()),
                Map.of("QUERY_PORT", String.valueOf(zipkinPort), "STORAGE_TYPE", "mem"),
                Optional.of(Probe.ok(uri.resolve("/health"))),
                List.of("UI        " + uri + "/zipkin/  (API " + uri + "/api/v2/traces)")));
    }

    /** The apps and their sidecars, then the gateway (and Zipkin first, with {@code --tracing}). */
    List<ProcessSpec> workloadSpecs() {
        final List<ProcessSpec> specs = new ArrayList<>();
        zipkinSpec().ifPresent(specs::add);
        for (Workload w : workloads) {
            specs.add(appSpec(w));
            specs.add(sidecarSpec(w));
        }
        specs.add(gatewaySpec());
        return specs;
    }

    private ProcessSpec appSpec(Workload w) {
        final List<String> args = new ArrayList<>(List.of("--port", String.valueOf(w.appPort()),
                                                          "--instance-id", w.instanceId()));
        if ("hello".equals(w.service())) {
            // hello calls sum through its own sidecar's outbound listener.
            args.addAll(List.of("--upstream", "http://127.0.0.1:" + w.outboundPort()));
        }
        final Optional<Probe> probe = "http".equals(w.protocol())
                                      ? Optional.of(Probe.ok(URI.create("http://127.0.0.1:" + w.appPort() + "/healthz")))
                                      : Optional.empty(); // a gRPC app: its sidecar is ready only once it answers
        return new ProcessSpec(2, w.instanceId(), java(jar("services/" + w.service(), w.service()), args),
                               Map.of(), probe,
                               List.of("app       127.0.0.1:" + w.appPort() + "  (" + w.protocol() + ", loopback)"));
    }

    private ProcessSpec sidecarSpec(Workload w) {
        final List<String> args = new ArrayList<>(common(w.inboundPort(), w.outboundPort(), w.adminPort()));
        args.addAll(List.of("--service", w.service(), "--instance-id", w.instanceId(),
                            "--app-port", String.valueOf(w.appPort()), "--app-protocol", w.protocol()));
        if (!w.meta().isEmpty()) {
            args.addAll(List.of("--service-meta", w.meta()));
        }
        return new ProcessSpec(2, w.instanceId() + "-sidecar", sidecarJava(sidecarArchive().useOptions(), args),
                               Map.of("WEFT_TOKEN", token), Optional.of(adminReady(w.adminPort())),
                               List.of("inbound   127.0.0.1:" + w.inboundPort() + "  (mTLS, registered in Consul)",
                                       "outbound  127.0.0.1:" + w.outboundPort() + "  (plaintext, by Host)",
                                       "admin     http://127.0.0.1:" + w.adminPort() + "  (/readyz /config /metrics)"));
    }

    private ProcessSpec gatewaySpec() {
        final List<String> args = new ArrayList<>(common(gatewayInbound, gatewayOutbound, gatewayAdmin));
        args.addAll(List.of("--mode", "gateway", "--service", "gateway", "--instance-id", "gateway-1",
                            "--edge-bind", "127.0.0.1", "--edge-port", String.valueOf(options.gatewayPort()),
                            "--consul-register", "false"));
        return new ProcessSpec(2, "gateway", sidecarJava(sidecarArchive().useOptions(), args),
                               Map.of("WEFT_TOKEN", token), Optional.of(adminReady(gatewayAdmin)),
                               List.of("edge      " + gateway() + "  (plaintext HTTP/1.1 + h2c, /<service>/...)",
                                       "admin     http://127.0.0.1:" + gatewayAdmin));
    }

    /** The app the training sidecar fronts: a {@code sum} instance of its own (see {@link ArchiveTraining}). */
    ProcessSpec archiveTrainingAppSpec() {
        return new ProcessSpec(2, training.instanceId() + "-app",
                               java(jar("services/sum", "sum"), List.of("--port", String.valueOf(training.appPort()),
                                                                        "--instance-id", training.instanceId())),
                               Map.of(), Optional.empty(), List.of());
    }

    /**
     * A sidecar that runs only to write the AppCDS archive into {@code output} as it exits (see
     * {@link ArchiveTraining}). It starts as every sidecar does and then goes through what a real one
     * does next, so that the archive holds those classes too: it fronts a {@code sum} app
     * ({@link #archiveTrainingAppSpec()}), registers in Consul, and is its own upstream, so that its
     * requests go out through its outbound listener, over mTLS to its inbound one, and on to the app.
     */
    ProcessSpec archiveTrainingSpec(Path output) {
        final List<String> args = new ArrayList<>(common(training.inboundPort(), training.outboundPort(),
                                                         training.adminPort()));
        args.addAll(List.of("--service", training.service(), "--instance-id", training.instanceId(),
                            "--app-port", String.valueOf(training.appPort()), "--app-protocol", training.protocol(),
                            "--upstreams", training.service()));
        return new ProcessSpec(2, training.instanceId(),
                               sidecarJava(List.of("-XX:ArchiveClassesAtExit=" + output), args),
                               Map.of("WEFT_TOKEN", token), Optional.of(adminReady(training.adminPort())), List.of());
    }

    /** The training sidecar's ports, for the requests {@link ArchiveTraining} sends it. */
    Workload training() {
        return training;
    }

    /** Every sidecar's options but its identity and app; with {@code --tracing}, all its spans go to Zipkin. */
    private List<String> common(int inbound, int outbound, int admin) {
        final List<String> args = new ArrayList<>(List.of("--control-plane", streamAddress(),
                       "--bootstrap-ca-file", rootCaFile().toString(),
                       "--consul", consul.toString(),
                       "--inbound-bind", "127.0.0.1", "--inbound-port", String.valueOf(inbound),
                       "--outbound-port", String.valueOf(outbound),
                       "--admin-port", String.valueOf(admin),
                       "--advertise-address", "127.0.0.1"));
        zipkin().ifPresent(uri -> args.addAll(List.of("--zipkin", uri.toString(), "--trace-sampling", "1")));
        return args;
    }

    private static Probe adminReady(int adminPort) {
        return Probe.ok(URI.create("http://127.0.0.1:" + adminPort + "/readyz"));
    }

    /**
     * A sidecar's command line: its recommended options file, then {@code extra} (the archive), then
     * {@code --sidecar-java-opts}; a later option wins over an earlier one.
     */
    private List<String> sidecarJava(List<String> extra, List<String> args) {
        final List<String> options = new ArrayList<>();
        options.add("@" + sidecarJvmOptions());
        options.addAll(extra);
        options.addAll(this.options.sidecarJavaOptions());
        return java(options, jar("sidecar", "sidecar"), args);
    }

    private List<String> java(Path jar, String... args) {
        return java(jar, List.of(args));
    }

    private List<String> java(Path jar, List<String> args) {
        return java(options.javaOptions(), jar, args);
    }

    private List<String> java(List<String> javaOptions, Path jar, List<String> args) {
        final List<String> command = new ArrayList<>();
        command.add(options.javaCommand());
        command.addAll(javaOptions);
        // Marks the process as ours, so `./weft down` never signals a stranger that reused a pid.
        command.add("-Dweft.launcher=" + options.stateDir());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }
}
