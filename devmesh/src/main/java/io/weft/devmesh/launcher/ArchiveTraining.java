package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    /** How long the training waits for its sidecar to serve its own service before it goes on without. */
    private static final Duration SERVE_WAIT = Duration.ofSeconds(30);

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
            final ManagedProcess app = supervisor.start(plan.archiveTrainingAppSpec());
            final ManagedProcess trainee;
            try {
                trainee = supervisor.start(plan.archiveTrainingSpec(output));
                try {
                    supervisor.awaitReady(List.of(trainee), deadline);
                    exercise(plan.training(), deadline);
                } finally {
                    supervisor.stop(trainee); // the JVM writes the archive as it exits
                }
            } finally {
                supervisor.stop(app);
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
     * A request to each admin endpoint, then what a sidecar serves: JSON and gRPC calls to its own service
     * through its outbound listener (to itself over mTLS, then to its app; the JSON one through the
     * transcoder), sent until one is answered 200 (the instance is routable once Consul finds it passing and
     * the control plane pushes it), and a few that no route matches (the failure answers for a plain HTTP, a
     * JSON and a gRPC caller), so that the classes serving them are archived too. Nothing waits past
     * {@code deadline} or {@link #SERVE_WAIT}: an archive of fewer classes is still an archive.
     */
    private static void exercise(MeshPlan.Workload sidecar, Instant deadline) throws InterruptedException {
        final URI admin = URI.create("http://127.0.0.1:" + sidecar.adminPort());
        for (String path : List.of("/healthz", "/readyz", "/config", "/certs", "/metrics")) {
            send(HttpRequest.newBuilder(admin.resolve(path)).GET());
        }
        final Instant until = min(deadline, Instant.now().plus(SERVE_WAIT));
        final String json = "{\"a\":1,\"b\":2}";
        while (!RawHttp.post(sidecar.outboundPort(), sidecar.service(), "/v1/sum", "application/json",
                             json.getBytes(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200")
               && Instant.now().isBefore(until)) {
            Thread.sleep(200); // the launcher's own thread; a poll until Consul and the control plane caught up
        }
        // An empty AddRequest in one gRPC frame: flag 0, length 0.
        RawHttp.post(sidecar.outboundPort(), sidecar.service(), "/weft.demo.sum.v1.SumService/Add",
                     "application/grpc", new byte[5]);
        final URI outbound = URI.create("http://127.0.0.1:" + sidecar.outboundPort() + "/archive.v1.Training/Call");
        send(HttpRequest.newBuilder(outbound).GET());
        send(HttpRequest.newBuilder(outbound).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));
        send(HttpRequest.newBuilder(outbound).header("content-type", "application/grpc")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5])));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void send(HttpRequest.Builder request) throws InterruptedException {
        try {
            CLIENT.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // an answer is not the point; the classes that tried to give one are loaded
        }
    }
}
