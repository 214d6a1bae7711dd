package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code run}: adds one instance of a service to the mesh a running {@code up} started: starts
 * {@code sidecar.jar ... -- <app command>} in the foreground with the mesh's own control plane, CA, token
 * and Consul (from run.json and the state directory) and free ports, as {@code up} starts its sidecars
 * (recommended JVM options, AppCDS archive). The sidecar starts the app once it is ready and stops it
 * first; this command exits with the app's exit code.
 */
@Command(name = "run", sortOptions = false,
         customSynopsis = "java -jar devmesh.jar run --service NAME --port PORT [options] -- APP...",
         description = { "Adds an app, with a sidecar of its own, to the mesh `up` runs: the sidecar gets the mesh's "
                         + "control plane, CA, token and Consul, and free ports.",
                         "APP... (after --) is the app's command; the sidecar starts it once ready. Ctrl-C or "
                         + "SIGTERM stops the app first, then the sidecar (it deregisters); the exit code is the "
                         + "app's." })
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--service", paramLabel = "NAME", defaultValue = "",
            description = "the service the app is an instance of (required)")
    String service = "";

    @Option(names = "--protocol", paramLabel = "grpc|http", defaultValue = "grpc",
            description = "how the app speaks")
    String protocol = "";

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "the port the app listens on, on 127.0.0.1 (required)")
    int port;

    @Option(names = "--instance-id", paramLabel = "ID", defaultValue = "",
            description = "the sidecar's Consul service ID (empty: <service>-<port>)")
    String instanceId = "";

    @Option(names = "--upstreams", paramLabel = "SERVICES", defaultValue = "",
            description = "comma-separated services the app calls (empty: all)")
    String upstreams = "";

    @Option(names = "--service-meta", paramLabel = "KEY=VALUE,...", defaultValue = "",
            description = "Consul Meta of the instance, e.g. version=v3 (what resolver subsets select on)")
    String serviceMeta = "";

    @Option(names = "--service-tags", paramLabel = "TAGS", defaultValue = "",
            description = "comma-separated Consul tags of the instance")
    String serviceTags = "";

    @Option(names = "--sidecar-java-opts", paramLabel = "OPTIONS", defaultValue = "",
            description = "JVM options for the sidecar, after the recommended ones in sidecar/target/sidecar.jvmopts")
    String sidecarJavaOpts = "";

    @Nullable
    @Option(names = "--home", paramLabel = "DIR",
            description = "where sidecar.jar is: a repository (sidecar/target/) or a directory of jars (unset: "
                          + "as for up)")
    Path home;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(paramLabel = "APP", arity = "0..*", hidden = true)
    List<String> appCommand = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException, IOException {
        final PrintStream out = common.terminal().out();
        final PortAllocator ports = new PortAllocator();
        final int inbound = ports.next();
        final int outbound = ports.next();
        final int admin = ports.next();
        final ProcessBuilder pb = new ProcessBuilder(command(inbound, outbound, admin)).inheritIO();
        pb.environment().put("WEFT_TOKEN", readToken(common.stateDir()));
        final Process sidecar = pb.start();
        // Stopping this command stops the sidecar, which stops the app first.
        final Thread stop = new Thread(() -> {
            sidecar.destroy();
            try {
                sidecar.waitFor(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "weft-run-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        out.println("run: " + service + "'s sidecar (pid " + sidecar.pid() + "): inbound 127.0.0.1:" + inbound
                    + " (mTLS, registered in Consul), outbound 127.0.0.1:" + outbound + " (the app's calls; "
                    + "WEFT_SIDECAR_OUTBOUND_PORT), admin http://127.0.0.1:" + admin);
        out.println("run: the app starts once the sidecar is ready; Ctrl-C stops both");
        out.flush();
        final int code = sidecar.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException e) {
            // already shutting down: the hook waits for the sidecar, which has ended
        }
        return code;
    }

    /**
     * The sidecar's command line; the token goes in its environment, never on the command line, where
     * {@code ps} shows it.
     *
     * @throws IllegalArgumentException naming what is missing: an option, the running mesh, its state
     */
    private List<String> command(int inbound, int outbound, int admin) {
        if (service.isBlank()) {
            throw new IllegalArgumentException("--service: unset (expected: the service name, e.g. --service echo)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port: " + port + " (expected: the app's port, 1..65535)");
        }
        final String appProtocol = protocol.trim().toLowerCase(Locale.ROOT);
        if (!appProtocol.equals("grpc") && !appProtocol.equals("http")) {
            throw new IllegalArgumentException("--protocol: " + protocol + " (expected: grpc or http)");
        }
        if (appCommand.isEmpty()) {
            throw new IllegalArgumentException("app command: none (expected: -- and the command that starts the app)");
        }
        final Path stateDir = common.stateDir();
        final RunState state = RunState.read(stateDir).filter(RunState::launcherAlive).orElseThrow(
                () -> new IllegalArgumentException("--state-dir: no mesh running from " + stateDir
                                                   + " (expected: `./weft up -d` first)"));
        if (!state.ready() || state.controlPlaneStream() == null) {
            throw new IllegalArgumentException("--state-dir: the mesh of " + stateDir + " is "
                                               + (state.ready() ? "from an older ./weft (restart it)"
                                                                : "still starting (expected: its banner first)"));
        }
        final Path repository = (home != null ? home : UpCommand.defaultHome()).toAbsolutePath().normalize();
        final Path jar = MeshPlan.jar(repository, "sidecar", "sidecar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--home: " + jar + " does not exist (expected: ./weft build first)");
        }
        final Path jvmOptions = jar.resolveSibling("sidecar.jvmopts");

        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("@" + jvmOptions);
        command.addAll(SidecarArchive.nextTo(jar, jvmOptions).useOptions());
        final String extra = sidecarJavaOpts.trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(),
                               "--service", service, "--app-port", String.valueOf(port),
                               "--app-protocol", appProtocol,
                               "--control-plane", state.controlPlaneStream(),
                               "--bootstrap-ca-file", stateDir.resolve("ca").resolve("root.pem").toString(),
                               "--consul", state.consul().toString(), "--advertise-address", "127.0.0.1",
                               "--inbound-bind", "127.0.0.1", "--inbound-port", String.valueOf(inbound),
                               "--outbound-port", String.valueOf(outbound), "--admin-port", String.valueOf(admin)));
        command.addAll(List.of("--instance-id", instanceId.isBlank() ? service + '-' + port : instanceId));
        if (!upstreams.isBlank()) {
            command.addAll(List.of("--upstreams", upstreams));
        }
        if (!serviceMeta.isBlank()) {
            command.addAll(List.of("--service-meta", serviceMeta));
        }
        if (!serviceTags.isBlank()) {
            command.addAll(List.of("--service-tags", serviceTags));
        }
        command.add("--");
        command.addAll(appCommand);
        return command;
    }

    /** The mesh's bootstrap token, which `up` wrote for sidecars started by hand. */
    private static String readToken(Path stateDir) {
        final Path file = stateDir.resolve("bootstrap-token");
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("--state-dir: cannot read " + file + " (" + e.getMessage()
                                               + "; expected: the token `./weft up` writes)", e);
        }
    }
}
