package io.weft.integration.mesh;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;

/**
 * Steady background traffic through the gateway: one GET every {@code period}, cycling over the
 * given paths, each non-blocking; every response other than 200, and every exception, is recorded
 * with what was asked and what came back.
 */
public final class SteadyTraffic implements AutoCloseable {

    /** What the traffic saw. */
    public record Result(long sent, long ok, List<String> failures) {}

    private final WebClient client;
    private final List<String> paths;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steady-traffic"));
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();

    private SteadyTraffic(URI gateway, List<String> paths) {
        client = WebClient.builder(gateway.toString()).responseTimeout(Duration.ofSeconds(20)).build();
        this.paths = List.copyOf(paths);
    }

    /** Starts sending at once. */
    public static SteadyTraffic start(URI gateway, Duration period, String... paths) {
        final SteadyTraffic traffic = new SteadyTraffic(gateway, List.of(paths));
        traffic.scheduler.scheduleAtFixedRate(traffic::sendOne, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return traffic;
    }

    private void sendOne() {
        final String path = paths.get((int) (sent.getAndIncrement() % paths.size()));
        final CompletableFuture<AggregatedHttpResponse> response = client.get(path).aggregate();
        inFlight.add(response);
        response.whenComplete((r, e) -> {
            inFlight.remove(response);
            if (e != null) {
                failures.add(at() + "GET " + path + " -> " + e);
            } else if (r.status().code() != 200) {
                failures.add(at() + "GET " + path + " -> " + r.status() + " " + r.contentUtf8());
            } else {
                ok.incrementAndGet();
            }
        });
    }

    /** When a failure was seen, so that it can be told apart from what the test did meanwhile. */
    private static String at() {
        return "at " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + ": ";
    }

    public long ok() {
        return ok.get();
    }

    /** Stops sending, waits for every request in flight, and reports. */
    public Result stop() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(new ArrayList<>(inFlight).toArray(CompletableFuture[]::new))
                             .handle((v, e) -> null).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            failures.add("requests still in flight after 30 s: " + inFlight.size());
        }
        return new Result(sent.get(), ok.get(), List.copyOf(failures));
    }

    @Override
    public void close() {
        stop();
    }
}
