package io.weft.devmesh.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Runs the banner's curl commands once through the gateway and shows what they answered, so a
 * user sees at once whether the mesh really serves (and what to look at when not).
 */
final class SmokeCheck {

    static String run(URI gateway) {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        final StringBuilder out = new StringBuilder("\nChecked just now through the gateway:\n");
        out.append(line(client, HttpRequest.newBuilder(gateway.resolve("/sum/v1/sum"))
                                           .header("content-type", "application/json")
                                           .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1,\"b\":2}")),
                        "POST /sum/v1/sum {\"a\":1,\"b\":2}"));
        for (String path : new String[] { "/sum/v1/sum/40/2", "/hello/greet?name=Ada", "/hello/sum?a=1&b=2" }) {
            out.append(line(client, HttpRequest.newBuilder(gateway.resolve(path)).GET(), "GET " + path));
        }
        return out.toString();
    }

    private static String line(HttpClient client, HttpRequest.Builder request, String what) {
        try {
            final HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(10)).build(),
                                                       HttpResponse.BodyHandlers.ofString());
            final String instance = r.headers().firstValue("x-weft-instance").map(i -> "  [" + i + ']').orElse("");
            return String.format("  %s %-32s -> %d %s%s%n", r.statusCode() == 200 ? "ok  " : "FAIL", what,
                                 r.statusCode(), r.body().strip().replace('\n', ' '), instance);
        } catch (IOException e) {
            return String.format("  FAIL %-32s -> %s%n", what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private SmokeCheck() {}
}
