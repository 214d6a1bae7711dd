package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: the control plane's {@code GET /api/v1/mesh} as readable tables. */
@Command(name = "status", sortOptions = false,
         description = "The running mesh as tables: services, instances, health, ACKed versions, certificate expiry, "
                       + "control-plane replicas.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ControlPlaneApi api = new ControlPlaneApi();

    @Option(names = "--consul", paramLabel = "URL",
            description = "the Consul whose weft-control-plane replicas to list (unset: the running mesh's; "
                          + "none: no replica table)")
    @Nullable
    URI consul;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws InterruptedException {
        final URI consulUri = consul != null ? consul
                              : RunState.read(common.stateDir()).filter(RunState::launcherAlive)
                                        .map(RunState::consul).orElse(null);
        final int exit = run(api.address(common.stateDir()), common.terminal().out());
        if (exit == 0 && consulUri != null) {
            printReplicas(consulUri, common.terminal().out());
        }
        return exit;
    }

    /** The replicas table; a Consul that does not answer is one line, not a failure of {@code status}. */
    static void printReplicas(URI consul, PrintStream out) throws InterruptedException {
        final URI uri = consul.resolve(ReplicaTable.PATH);
        try {
            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println();
            out.print(response.statusCode() == 200 ? ReplicaTable.render(response.body())
                                                   : "Control-plane replicas: " + uri + " answered "
                                                     + response.statusCode() + '\n');
        } catch (IOException e) {
            out.println("Control-plane replicas: Consul at " + consul + " is not reachable (" + e + ')');
        }
    }

    static int run(URI controlPlane, PrintStream out) throws InterruptedException {
        return ControlPlaneApi.show("status", controlPlane, "/api/v1/mesh", out,
                                    body -> MeshTable.render(MeshDocument.parse(body), Clock.systemUTC()));
    }
}
