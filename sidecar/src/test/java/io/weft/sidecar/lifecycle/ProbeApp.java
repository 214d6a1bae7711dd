package io.weft.sidecar.lifecycle;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The app a sidecar process manages in {@link LifecycleOrderingTest}: appends what it saw to a record
 * file, one line per fact. Reads the sidecar's ports from {@code WEFT_SIDECAR_OUTBOUND_PORT} and
 * {@code WEFT_SIDECAR_ADMIN_PORT}; calls through the outbound listener to service {@code slow}.
 *
 * <ul>
 *   <li>{@code probe <record> <exit-code>}: records the sidecar's /readyz status and a call through the
 *       outbound listener, then exits with {@code exit-code} (a job).</li>
 *   <li>{@code serve <record>}: starts a call through the outbound listener (which the test holds) and
 *       runs until SIGTERM; on SIGTERM it lets the call finish, records its answer, and exits.</li>
 * </ul>
 */
public final class ProbeApp {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                                                     .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        final Path record = Path.of(args[1]);
        final int outbound = Integer.parseInt(System.getenv("WEFT_SIDECAR_OUTBOUND_PORT"));
        final int admin = Integer.parseInt(System.getenv("WEFT_SIDECAR_ADMIN_PORT"));
        write(record, "ports " + outbound + ' ' + admin);
        write(record, "token-visible " + (System.getenv("WEFT_TOKEN") != null));
        switch (args[0]) {
            case "probe" -> {
                System.out.println("probe: to stdout");
                System.err.println("probe: to stderr");
                write(record, "readyz " + get(URI.create("http://127.0.0.1:" + admin + "/readyz"), null).statusCode());
                final HttpResponse<String> call = get(URI.create("http://127.0.0.1:" + outbound + "/now"), "slow");
                write(record, "outbound " + call.statusCode() + ' ' + call.body().strip());
                System.exit(Integer.parseInt(args[2]));
            }
            case "serve" -> {
                final CompletableFuture<HttpResponse<String>> call = HTTP.sendAsync(
                        request(URI.create("http://127.0.0.1:" + outbound + "/hold"), "slow"),
                        HttpResponse.BodyHandlers.ofString());
                write(record, "calling");
                final CountDownLatch never = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        write(record, "sigterm");
                        final HttpResponse<String> answer = call.get(30, TimeUnit.SECONDS);
                        write(record, "answer " + answer.statusCode() + ' ' + answer.body().strip());
                    } catch (Exception e) {
                        write(record, "failed " + e);
                    }
                }));
                never.await();
            }
            default -> throw new IllegalArgumentException("mode: " + args[0] + " (expected: probe or serve)");
        }
    }

    private static HttpResponse<String> get(URI uri, String host) throws IOException, InterruptedException {
        return HTTP.send(request(uri, host), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(URI uri, String host) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (host != null) {
            b.header("Host", host); // needs -Djdk.httpclient.allowRestrictedHeaders=host
        }
        return b.build();
    }

    private static void write(Path record, String line) {
        try {
            Files.writeString(record, line + '\n', StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                              StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ProbeApp() {}
}
