package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code status}: the control plane's {@code GET /api/v1/mesh} as readable tables. */
final class StatusCommand {

    static int run(URI controlPlane, PrintStream out) throws InterruptedException {
        final URI uri = controlPlane.resolve("/api/v1/mesh");
        try {
            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                out.println("status: " + uri + " answered " + response.statusCode() + ": " + response.body());
                return 1;
            }
            out.print(MeshTable.render(new ObjectMapper().readTree(response.body()), Clock.systemUTC()));
            return 0;
        } catch (IOException e) {
            out.println("status: the control plane at " + controlPlane + " is not reachable (" + e
                        + "); is the mesh up (./weft up -d)?");
            return 1;
        }
    }

    private StatusCommand() {}
}
