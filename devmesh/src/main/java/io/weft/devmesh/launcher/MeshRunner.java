package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What {@code up} does: starts the mesh layer by layer, waits for each layer to be ready, proves the gateway
 * routes, prints the banner, then runs until it is told to stop (Ctrl-C, SIGTERM from
 * {@code ./weft down}); a shutdown hook stops every child whatever the reason.
 */
final class MeshRunner {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final UpOptions options;
    private final boolean detached;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();

    MeshRunner(UpOptions options, boolean detached, PrintStream out) {
        this.options = options;
        this.detached = detached;
        this.out = out;
    }

    int run() throws InterruptedException {
        final Path stateDir = options.stateDir();
        final var previous = RunState.read(stateDir);
        if (previous.isPresent() && previous.get().launcherAlive()
            && previous.get().launcherPid() != ProcessHandle.current().pid()) {
            out.println("weft is already running (launcher pid " + previous.get().launcherPid()
                        + "); stop it with ./weft down");
            return 1;
        }
        final PortAllocator ports = new PortAllocator();
        final String token = newToken();
        final MeshPlan plan = new MeshPlan(options, ports, token);
        final List<String> missing = missingJars(plan);
        if (!missing.isEmpty()) {
            out.println("missing jars (build them with ./mvnw -B -DskipTests package, or run ./weft):\n  "
                        + String.join("\n  ", missing));
            return 1;
        }
        final Path logDir = stateDir.resolve("logs");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir + ": " + e.getMessage(), e);
        }
        writeToken(stateDir, token);
        final Supervisor supervisor = new Supervisor(logDir, STOP_GRACE, clock, out,
                                                     started -> state(plan, started, false).write(stateDir));
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nstopping the mesh ...");
            supervisor.close();
            RunState.delete(stateDir);
            out.println("stopped; logs are in " + logDir);
            stopped.countDown();
        }, "weft-stop"));

        final String consulLine = options.consul().describe(plan.consul());
        out.println(consulLine);
        final Instant deadline = clock.instant().plus(options.timeout());
        try {
            final List<ManagedProcess> consul = new ArrayList<>();
            plan.consulSpec().ifPresent(spec -> consul.add(supervisor.start(spec)));
            if (consul.isEmpty()) {
                awaitProbe(Probe.consulLeader(plan.consul()), deadline, "the Consul at " + plan.consul());
            }
            supervisor.awaitReady(consul, deadline);
            out.println("control plane starting (CA in " + plan.caDir() + ") ...");
            supervisor.awaitReady(plan.controlPlaneSpecs().stream().map(supervisor::start).toList(), deadline);
            final SidecarArchive archive = plan.sidecarArchive();
            if (!archive.isFresh()) {
                out.println("writing the sidecars' class archive " + archive.file().getFileName()
                            + " (AppCDS; once per sidecar.jar and JDK) ...");
                ArchiveTraining.run(archive, plan, supervisor, deadline, out);
            }
            out.println("apps, sidecars and gateway starting ...");
            final List<ManagedProcess> workloads = new ArrayList<>();
            for (ProcessSpec spec : plan.workloadSpecs()) {
                workloads.add(supervisor.start(spec));
            }
            supervisor.awaitReady(workloads, deadline);
            // Ready sidecars are not yet proof that the gateway has every endpoint: wait for real routes.
            for (String path : List.of("/sum/v1/sum/40/2", "/hello/greet?name=Ada", "/hello/sum?a=1&b=2")) {
                awaitProbe(Probe.reachesApp(plan.gateway().resolve(path)), deadline, "the gateway route " + path);
            }
        } catch (Supervisor.StartupFailure e) {
            out.println("weft up failed: " + e.getMessage());
            return 1; // the shutdown hook stops whatever started
        }
        state(plan, supervisor.processes(), true).write(stateDir);
        final String banner = Banner.render(plan, supervisor.processes(), consulLine, detached)
                              + SmokeCheck.run(plan.gateway());
        writeBanner(stateDir, banner);
        out.println(banner);
        out.flush();
        stopped.await(); // until a signal runs the shutdown hook
        return 0;
    }

    private void awaitProbe(Probe probe, Instant deadline, String what) throws InterruptedException {
        while (!probe.ready()) {
            if (clock.instant().isAfter(deadline)) {
                throw new Supervisor.StartupFailure(what + " did not answer in time (" + probe.description()
                                                    + "); see the logs in " + options.stateDir().resolve("logs"));
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private RunState state(MeshPlan plan, List<ManagedProcess> started, boolean ready) {
        final List<RunState.Child> children = started.stream().map(
                p -> new RunState.Child(p.name(), p.pid(), p.log().toString())).toList();
        return new RunState(ProcessHandle.current().pid(), options.consul().kind().name(), plan.consul(),
                            plan.controlPlaneHttp(), plan.gateway(), ready, children, plan.streamAddress());
    }

    private static void writeBanner(Path stateDir, String banner) {
        try {
            Files.writeString(stateDir.resolve("banner.txt"), banner, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For sidecars a user starts by hand (README: adding a service); readable by the owner only. */
    private static void writeToken(Path stateDir, String token) {
        final Path file = stateDir.resolve("bootstrap-token");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions apply
            }
            Files.writeString(file, token, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> missingJars(MeshPlan plan) {
        final List<Path> jars = new ArrayList<>(List.of(plan.jar("control-plane", "control-plane"),
                                                        plan.jar("sidecar", "sidecar"),
                                                        plan.jar("services/sum", "sum"),
                                                        plan.jar("services/hello", "hello")));
        plan.consulSpec().ifPresent(s -> jars.add(plan.jar("devmesh", "devmesh")));
        plan.zipkinSpec().ifPresent(s -> jars.add(plan.zipkinJar()));
        return jars.stream().filter(p -> !Files.isRegularFile(p)).map(Path::toString).toList();
    }

    /** A fresh bootstrap token per run: the local mesh has no fixed secret. */
    static String newToken() {
        final byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
