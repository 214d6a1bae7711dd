package io.weft.devmesh.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A readiness check: one HTTP GET whose answer says whether a process is ready. Blocking by design
 * (the launcher is a command-line program).
 *
 * @param description what is checked, for messages ("GET http://127.0.0.1:41234/readyz → 200")
 */
record Probe(String description, URI uri, Predicate<HttpResponse<String>> accept) {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
                                                       .connectTimeout(Duration.ofSeconds(2))
                                                       .version(HttpClient.Version.HTTP_1_1)
                                                       .build();

    /** Ready when GET {@code uri} answers 200. */
    static Probe ok(URI uri) {
        return new Probe("GET " + uri + " → 200", uri, r -> r.statusCode() == 200);
    }

    /**
     * A gateway route is formed once its answer comes from an app ({@code x-weft-instance}), whatever the
     * app answered: the gateway knows the service and a sidecar forwarded to it.
     */
    static Probe reachesApp(URI uri) {
        return new Probe("GET " + uri + " → an answer from an app (x-weft-instance)", uri,
                         r -> r.headers().firstValue("x-weft-instance").isPresent());
    }

    /** Consul is ready once it has a leader: {@code /v1/status/leader} answers a non-empty string. */
    static Probe consulLeader(URI consul) {
        final URI uri = consul.resolve("/v1/status/leader");
        return new Probe("GET " + uri + " → a leader", uri,
                         r -> r.statusCode() == 200 && r.body().trim().length() > 2);
    }

    boolean ready() {
        try {
            final HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build();
            return accept.test(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
