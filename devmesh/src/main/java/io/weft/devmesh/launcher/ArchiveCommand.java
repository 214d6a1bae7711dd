package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sidecar-archive}: writes the sidecars' AppCDS archive outside a running mesh, the way
 * {@code ./weft up} does inside one ({@link ArchiveTraining}): it starts the Consul stand-in and a control
 * plane of its own (CA in a temporary directory), runs the training sidecar (with a {@code sum} app), and
 * stops them. The image build runs it; {@code ./weft up} does not need it.
 */
@Command(name = "sidecar-archive", sortOptions = false,
         description = { "Writes the sidecars' AppCDS class archive with one training start of a sidecar, "
                         + "against a Consul stand-in and a control plane started (and stopped) for it.",
                         "./weft up does the same by itself when the archive is missing or older than "
                         + "sidecar.jar; the Dockerfile runs this command." })
public final class ArchiveCommand implements Callable<Integer> {

    /** The training sidecar writes the archive as it exits: slow on a loaded builder, and lost if killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(120);

    @Option(names = "--home", paramLabel = "DIR",
            description = "the repository holding the fat jars, or a directory of jars (unset: the one "
                          + "devmesh.jar is in or was built in)")
    @Nullable
    Path home;

    @Option(names = "--out", paramLabel = "FILE",
            description = "the archive to write (unset: sidecar-jdk-<version>.jsa next to sidecar.jar, "
                          + "where ./weft up looks)")
    @Nullable
    Path out;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "180s",
            description = "how long the control plane and the training sidecar may take to become ready")
    Duration timeout = Duration.ZERO;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "print this text")
    boolean help;

    @Spec
    @Nullable
    CommandSpec command;

    @Override
    public Integer call() throws InterruptedException {
        return run(CommonOptions.terminalOf(command).out());
    }

    int run(PrintStream console) throws InterruptedException {
        final Path work;
        try {
            work = Files.createTempDirectory("weft-sidecar-archive");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        final Path repository = (home != null ? home : UpCommand.defaultHome()).toAbsolutePath().normalize();
        final PortAllocator ports = new PortAllocator();
        // The plan is the whole local mesh; only Consul, the control plane and the training sidecar start.
        final int unusedGatewayPort = new PortAllocator().next();
        final UpOptions options = new UpOptions(unusedGatewayPort, work, repository,
                                                ConsulChoice.standIn(),
                                                timeout, Optional.empty(), List.of(), List.of(),
                                                ProcessHandle.current().info().command().orElse("java"), 1, false);
        final MeshPlan plan = new MeshPlan(options, ports, MeshRunner.newToken());
        final SidecarArchive standard = plan.sidecarArchive();
        final SidecarArchive archive = out == null ? standard
                                                   : new SidecarArchive(out.toAbsolutePath(), standard.jar(),
                                                                        standard.jvmOptions());
        final List<Path> missing = new ArrayList<>();
        for (Path file : List.of(plan.jar("devmesh", "devmesh"), plan.jar("control-plane", "control-plane"),
                                 plan.jar("services/sum", "sum"), standard.jar(), standard.jvmOptions())) {
            if (!Files.isRegularFile(file)) {
                missing.add(file);
            }
        }
        if (!missing.isEmpty()) {
            deleteTree(work);
            console.println("missing (build them with ./mvnw -B -DskipTests package): " + missing);
            return 1;
        }
        final Clock clock = Clock.systemUTC();
        final Path logs = work.resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logs + ": " + e.getMessage(), e);
        }
        final Instant deadline = clock.instant().plus(timeout);
        final boolean written;
        try (Supervisor supervisor = new Supervisor(logs, STOP_GRACE, clock, console, started -> {})) {
            supervisor.awaitReady(List.of(supervisor.start(plan.consulSpec().orElseThrow())), deadline);
            supervisor.awaitReady(List.of(supervisor.start(plan.controlPlaneSpec())), deadline);
            written = ArchiveTraining.run(archive, plan, supervisor, deadline, console);
        } catch (Supervisor.StartupFailure e) {
            console.println("sidecar-archive failed: " + e.getMessage());
            return 1;
        }
        if (!written) {
            console.println("logs: " + logs);
            return 1;
        }
        deleteTree(work); // the throw-away CA and the logs of a run that worked
        console.println("wrote " + archive.file());
        return 0;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
