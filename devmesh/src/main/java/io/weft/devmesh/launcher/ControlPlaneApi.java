package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Option;

/**
 * The commands that print a document of the control plane's HTTP API ({@code status}, {@code stat}): their
 * {@code --control-plane} option (a picocli mixin), and the GET that prints the document rendered or says
 * what went wrong.
 */
final class ControlPlaneApi {

    /** What turns a 200 answer's body into the text printed. */
    interface Render {
        String apply(String body) throws IOException;
    }

    @Option(names = "--control-plane", paramLabel = "URL",
            description = "the control plane's HTTP address, e.g. http://host:15014 (unset: the running mesh's)")
    @Nullable
    URI controlPlane;

    /** The address given, else the one the running mesh recorded in {@code stateDir}. */
    URI address(Path stateDir) {
        if (controlPlane != null) {
            return controlPlane;
        }
        return RunState.read(stateDir).filter(RunState::launcherAlive).map(RunState::controlPlane)
                       .orElseThrow(() -> new IllegalArgumentException(
                               "no running mesh in " + stateDir + " (start one with ./weft up -d, or pass "
                               + "--control-plane http://host:15014)"));
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
}
