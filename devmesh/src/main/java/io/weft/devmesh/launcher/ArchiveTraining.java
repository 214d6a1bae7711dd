package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Writes the sidecars' AppCDS archive ({@link SidecarArchive}) with one training start against a running
 * control plane: a sidecar started with {@code -XX:ArchiveClassesAtExit} becomes ready (certificate,
 * trust bundle, first endpoints), answers requests on its admin and outbound listeners, and is stopped;
 * its JVM writes the classes it loaded as it exits, and that file then replaces the archive in one move.
 * A failed training changes nothing: sidecars start without an archive, only slower.
 */
final class ArchiveTraining {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
                                                       .connectTimeout(Duration.ofSeconds(2))
                                                       .version(HttpClient.Version.HTTP_1_1)
                                                       .build();

    private ArchiveTraining() {}

    /**
     * Runs the training start with {@code plan}'s control plane, already running; blocks until its
     * sidecar has exited.
     *
     * @return whether {@code archive} was written
     */
    static boolean run(SidecarArchive archive, MeshPlan plan, Supervisor supervisor, Instant deadline,
                       PrintStream out) throws InterruptedException {
        final Path output = archive.trainingOutput();
        try {
            Files.deleteIfExists(output);
            final ManagedProcess trainee = supervisor.start(plan.archiveTrainingSpec(output));
            try {
                supervisor.awaitReady(List.of(trainee), deadline);
                exercise(plan.training());
            } finally {
                supervisor.stop(trainee); // the JVM writes the archive as it exits
            }
            if (!Files.isRegularFile(output) || Files.size(output) == 0) {
                out.println("the training sidecar wrote no class archive (log: " + trainee.log()
                            + "); sidecars start without one");
                return false;
            }
            Files.move(output, archive.file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (Supervisor.StartupFailure | IOException e) {
            out.println("could not write the sidecar class archive (" + e.getMessage() + "); sidecars start without one");
            return false;
        }
    }

    /**
     * A request to each admin endpoint and a few to the outbound listener (no route there: the failure
     * answers for a plain HTTP, a JSON and a gRPC caller), so the classes serving them are archived too.
     * What they answer does not matter.
     */
    private static void exercise(MeshPlan.Workload sidecar) throws InterruptedException {
        final URI admin = URI.create("http://127.0.0.1:" + sidecar.adminPort());
        for (String path : List.of("/healthz", "/readyz", "/config", "/certs", "/metrics")) {
            send(HttpRequest.newBuilder(admin.resolve(path)).GET());
        }
        final URI outbound = URI.create("http://127.0.0.1:" + sidecar.outboundPort() + "/archive.v1.Training/Call");
        send(HttpRequest.newBuilder(outbound).GET());
        send(HttpRequest.newBuilder(outbound).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));
        send(HttpRequest.newBuilder(outbound).header("content-type", "application/grpc")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5])));
    }

    private static void send(HttpRequest.Builder request) throws InterruptedException {
        try {
            CLIENT.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // an answer is not the point; the classes that tried to give one are loaded
        }
    }
}
