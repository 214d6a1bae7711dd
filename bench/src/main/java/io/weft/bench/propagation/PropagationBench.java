package io.weft.bench.propagation;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;

import io.weft.bench.consul.ConsulAgent;
import io.weft.bench.stats.Latencies;
import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Consul change -> new state at a sidecar. Each change registers (or deregisters) one instance of
 * {@code --service} through the Consul agent API and then polls the sidecar's admin {@code /config} until the
 * instance id appears in (or leaves) it; the time from just before the Consul call to that poll is one
 * sample. Changes alternate register/deregister and are spaced {@code --gap-ms} (+ up to 100 ms jitter) after
 * the previous one was seen, so the control plane's per-watch rate limit ({@code --consul-min-interval},
 * default 500 ms) does not queue one change behind another: each sample is one change on its own.
 * A long-lived {@code <service>-base} instance keeps the service in the catalog, so every change is an
 * endpoint change of an existing upstream. With {@code --parallel K}, K services ({@code <service>0..K-1})
 * change at once, each on its own thread with its own spacing, sharing the {@code --changes} total.
 * With {@code --kind config-entries}, each change is a config entry instead (see {@link #configEntries}).
 */
@Command(name = "propagation", sortOptions = false,
         header = "Consul change -> sidecar /config, p50/p99")
public final class PropagationBench implements Callable<Integer> {

    @Option(names = "--consul", paramLabel = "URL", required = true, description = "the Consul agent API")
    private URI consulUri = URI.create("http://127.0.0.1:8500");

    @Option(names = "--admin", paramLabel = "URL", required = true, description = "the sidecar's admin listener")
    private String adminUri = "";

    @Option(names = "--service", paramLabel = "NAME", defaultValue = "prop",
            description = "services changed are NAME0..NAME<parallel-1>")
    private String service = "";

    @Option(names = "--changes", paramLabel = "N", defaultValue = "100", description = "changes in all")
    private int changes;

    @Option(names = "--parallel", paramLabel = "K", defaultValue = "1", description = "services changed at once")
    private int parallelism;

    @Option(names = "--gap-ms", paramLabel = "MS", defaultValue = "550",
            description = "spacing per service, plus up to 100 ms jitter")
    private int gapMillis;

    @Option(names = "--poll-us", paramLabel = "US", defaultValue = "1000", description = "/config poll interval")
    private long pollMicros;

    @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "10",
            description = "how long one change may take to show")
    private int timeoutSeconds;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "endpoints",
            description = "endpoints (instances registered and deregistered) or config-entries (a service-router " +
                          "sending x-canary: 1 to a new subset of <service>0 each time)")
    private String kind = "endpoints";

    @Option(names = "--run", paramLabel = "ID", description = "tag of this run's instance ids; default: from the clock")
    @Nullable
    private String runId;

    @Override
    public Integer call() throws Exception {
        final ConsulAgent consul = new ConsulAgent(consulUri);
        final BlockingWebClient admin = WebClient.builder(adminUri)
                                                 .responseTimeout(Duration.ofSeconds(5)).build().blocking();
        final int parallel = Math.max(1, parallelism);
        final long timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        final String run = runId != null ? runId : Long.toString(System.currentTimeMillis() % 100000);
        if ("config-entries".equals(kind)) {
            return configEntries(consul, admin, timeoutNanos);
        }
        if (!"endpoints".equals(kind)) {
            throw new IllegalArgumentException("--kind: " + kind + " (expected: endpoints or config-entries)");
        }

        for (int k = 0; k < parallel; k++) {
            consul.register(service + k + "-base", service + k, "127.0.0.1", 1);
        }
        for (int k = 0; k < parallel; k++) {
            awaitState(admin, '"' + service + k + "-base\"", true, pollMicros, timeoutNanos, System.nanoTime());
        }

        final Latencies registrations = new Latencies();
        final Latencies deregistrations = new Latencies();
        final Latencies all = new Latencies();
        final AtomicInteger timeouts = new AtomicInteger();
        final AtomicInteger next = new AtomicInteger();
        final ExecutorService workers = Executors.newFixedThreadPool(parallel);
        final List<Future<?>> done = new ArrayList<>();
        for (int k = 0; k < parallel; k++) {
            final String name = service + k;
            done.add(workers.submit(() -> {
                int i = 0;
                // Each worker changes its own service; together they make `changes` changes.
                while (next.getAndIncrement() < changes) {
                    final boolean register = i % 2 == 0;
                    final String id = name + '-' + run + '-' + i / 2;
                    sleepMillis(gapMillis + ThreadLocalRandom.current().nextInt(100));
                    final long start = System.nanoTime();
                    if (register) {
                        consul.register(id, name, "127.0.0.1", 2 + i / 2);
                    } else {
                        consul.deregister(id);
                    }
                    final long micros = awaitState(admin, '"' + id + '"', register, pollMicros, timeoutNanos, start);
                    i++;
                    if (micros < 0) {
                        timeouts.incrementAndGet();
                        continue;
                    }
                    (register ? registrations : deregistrations).record(micros);
                    all.record(micros);
                }
                if (i % 2 == 1) {
                    consul.deregister(name + '-' + run + '-' + (i - 1) / 2);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        workers.shutdown();
        for (int k = 0; k < parallel; k++) {
            consul.deregister(service + k + "-base");
        }
        System.out.println("propagation all " + all.summary() + " timeouts=" + timeouts.get());
        System.out.println("propagation register " + registrations.summary());
        System.out.println("propagation deregister " + deregistrations.summary());
        return 0;
    }

    /**
     * Config entry -> routes in use. {@code <service>0} gets a resolver with one subset per change
     * ({@code s0}, {@code s1} ..., all of its base instance); change {@code i} writes a service-router that sends
     * {@code x-canary: 1} to subset {@code s<i>}. The sidecar makes the cluster of a chain's new target before it
     * swaps the chain in (the same call, on its discovery thread), so the change is in use once {@code /config}
     * lists {@code s<i>.<service>0.default.default.<dc>}: that is one sample. One service, one change at a time.
     */
    private int configEntries(ConsulAgent consul, BlockingWebClient admin, long timeoutNanos) {
        final String name = service + '0';
        consul.register(name + "-base", name, "127.0.0.1", 1);
        awaitState(admin, '"' + name + "-base\"", true, pollMicros, timeoutNanos, System.nanoTime());
        consul.writeConfig("{\"Kind\":\"service-defaults\",\"Name\":\"" + name + "\",\"Protocol\":\"http\"}");
        final StringBuilder subsets = new StringBuilder();
        for (int i = 0; i < changes; i++) {
            subsets.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":{\"Filter\":\"Service.ID == \\\"")
                   .append(name).append("-base\\\"\"}");
        }
        consul.writeConfig("{\"Kind\":\"service-resolver\",\"Name\":\"" + name + "\",\"Subsets\":{" + subsets + "}}");
        final Latencies all = new Latencies();
        int timeouts = 0;
        try {
            for (int i = 0; i < changes; i++) {
                sleepMillis(gapMillis + ThreadLocalRandom.current().nextInt(100));
                final long start = System.nanoTime();
                consul.writeConfig("{\"Kind\":\"service-router\",\"Name\":\"" + name + "\",\"Routes\":[{\"Match\":" +
                                   "{\"HTTP\":{\"Header\":[{\"Name\":\"x-canary\",\"Exact\":\"1\"}]}}," +
                                   "\"Destination\":{\"ServiceSubset\":\"s" + i + "\"}}]}");
                final long micros = awaitState(admin, "\"s" + i + '.' + name + ".default.default.", true, pollMicros,
                                               timeoutNanos, start);
                if (micros < 0) {
                    timeouts++;
                } else {
                    all.record(micros);
                }
            }
        } finally {
            consul.deleteConfig("service-router", name);
            consul.deleteConfig("service-resolver", name);
            consul.deleteConfig("service-defaults", name);
            consul.deregister(name + "-base");
        }
        System.out.println("propagation config-entry " + all.summary() + " timeouts=" + timeouts);
        return 0;
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Microseconds from {@code start} until {@code /config} does (or no longer does) contain {@code needle};
     * -1 on timeout.
     */
    private static long awaitState(BlockingWebClient admin, String needle, boolean present, long pollMicros,
                                   long timeoutNanos, long start) {
        while (System.nanoTime() - start < timeoutNanos) {
            final String body = admin.get("/config").contentUtf8();
            if (body.contains(needle) == present) {
                return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(pollMicros));
        }
        return -1;
    }
}
