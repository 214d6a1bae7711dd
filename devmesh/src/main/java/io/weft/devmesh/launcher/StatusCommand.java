package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: the control plane's {@code GET /api/v1/mesh} as readable tables. */
@Command(name = "status", sortOptions = false,
         description = "The running mesh as tables: services, instances, health, ACKed versions, certificate expiry.")
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--control-plane", paramLabel = "URL",
            description = "the control plane's HTTP address, e.g. http://host:15014 (unset: the running mesh's)")
    @Nullable
    URI controlPlane;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws InterruptedException {
        return run(controlPlane != null ? controlPlane : runningControlPlane(common.stateDir()),
                   common.terminal().out());
    }

    static int run(URI controlPlane, PrintStream out) throws InterruptedException {
        return show("status", controlPlane, "/api/v1/mesh", out,
                    body -> MeshTable.render(MeshDocument.parse(body), Clock.systemUTC()));
    }

    /** What turns a 200 answer's body into the text printed. */
    interface Render {
        String apply(String body) throws IOException;
    }

    /** GETs {@code path} of the control plane and prints it rendered, or what went wrong; the exit code. */
    static int show(String command, URI controlPlane, String path, PrintStream out, Render render)
            throws InterruptedException {
        final URI uri = controlPlane.resolve(path);
        try {
            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                out.println(command + ": " + uri + " answered " + response.statusCode() + ": " + response.body());
                return 1;
            }
            out.print(render.apply(response.body()));
            return 0;
        } catch (IOException e) {
            out.println(command + ": the control plane at " + controlPlane + " is not reachable (" + e
                        + "); is the mesh up (./weft up -d)?");
            return 1;
        }
    }

    static URI runningControlPlane(Path stateDir) {
        return RunState.read(stateDir).filter(RunState::launcherAlive).map(RunState::controlPlane)
                       .orElseThrow(() -> new IllegalArgumentException(
                               "no running mesh in " + stateDir + " (start one with ./weft up -d, or pass "
                               + "--control-plane http://host:15014)"));
    }
}
