package io.weft.bench.scale;

import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;

import io.weft.bench.consul.ConsulAgent;
import io.weft.bench.stats.Latencies;
import io.weft.protocol.v1.MeshDiscoveryGrpc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Control-plane scale: M services (each with {@code --instances} instances) in Consul, N simulated sidecar
 * streams each subscribed to {@code --upstreams-per-stream} services (spread evenly, so every service has
 * N*U/M subscribers), then {@code --windows} windows of {@code --window-s} seconds of steady churn at
 * {@code --rate} changes/s (a churn instance of a random idle service registered or deregistered). Per window
 * it prints the time for a change to reach ALL subscribers of its service (p50/p99/max), the control plane's
 * RSS, CPU and heap ({@code --cp-pid}).
 */
@Command(name = "scale", sortOptions = false,
         header = "N simulated sidecar streams x M services under churn")
public final class ScaleBench implements Callable<Integer> {

    @Option(names = "--consul", paramLabel = "URL", required = true, description = "the Consul agent API")
    private URI consulUri = URI.create("http://127.0.0.1:8500");

    @Option(names = "--control-plane", paramLabel = "HOST:PORT", required = true,
            description = "the control plane's stream port")
    private String controlPlane = "";

    @Option(names = "--ca-file", paramLabel = "FILE", required = true, description = "the mesh root, PEM")
    private File caFile = new File("");

    @Option(names = "--token", paramLabel = "TOKEN", required = true, description = "the sidecar bootstrap token")
    private String token = "";

    @Option(names = "--streams", paramLabel = "N", defaultValue = "1000", description = "simulated sidecars")
    private int streams;

    @Option(names = "--services", paramLabel = "M", defaultValue = "100", description = "services in Consul")
    private int services;

    @Option(names = "--instances", paramLabel = "I", defaultValue = "2", description = "instances per service")
    private int instances;

    @Option(names = "--upstreams-per-stream", paramLabel = "U", defaultValue = "5",
            description = "services each stream subscribes to")
    private int upstreamsPerStream;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "20", description = "changes per second")
    private double rate;

    @Option(names = "--window-s", paramLabel = "S", defaultValue = "10", description = "seconds per churn window")
    private int windowSeconds;

    @Option(names = "--windows", paramLabel = "W", defaultValue = "3", description = "churn windows")
    private int windows;

    @Option(names = "--streams-per-connection", paramLabel = "K", defaultValue = "50",
            description = "streams sharing one TLS connection")
    private int streamsPerConnection;

    @Option(names = "--cp-pid", paramLabel = "PID", defaultValue = "0",
            description = "the control plane's process, for RSS, CPU and heap; 0 = none")
    private long cpPid;

    @Override
    public Integer call() throws Exception {
        final int perStream = Math.min(services, upstreamsPerStream);

        final ConsulAgent consul = new ConsulAgent(consulUri);
        final long registerStart = System.nanoTime();
        final ExecutorService registrars = Executors.newFixedThreadPool(16);
        final List<Future<?>> registrations = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            for (int i = 0; i < instances; i++) {
                final int service = s;
                final int instance = i;
                registrations.add(registrars.submit(() -> consul.register(
                        "svc-" + service + '-' + instance, "svc-" + service, "127.0.0.1",
                        20000 + instance)));
            }
        }
        for (Future<?> f : registrations) {
            f.get();
        }
        registrars.shutdown();
        System.err.printf("registered %d instances in %d ms%n", services * instances,
                          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - registerStart));

        // Stream j is an instance of svc-(j mod M) and calls U consecutive services starting at j*U mod M.
        final Map<String, Map<Integer, Integer>> subscribers = new HashMap<>();
        final List<List<String>> upstreamsOf = new ArrayList<>();
        for (int j = 0; j < streams; j++) {
            final List<String> upstreams = new ArrayList<>();
            for (int u = 0; u < perStream; u++) {
                final String service = "svc-" + (int) (((long) j * perStream + u) % services);
                upstreams.add(service);
                final Map<Integer, Integer> subs = subscribers.computeIfAbsent(service, k -> new LinkedHashMap<>());
                subs.put(j, subs.size());
            }
            upstreamsOf.add(upstreams);
        }
        final ChurnTracker tracker = new ChurnTracker(subscribers);

        final var keepalives = Executors.newSingleThreadScheduledExecutor();
        final long connectStart = System.nanoTime();
        final CountDownLatch fullState = new CountDownLatch(streams);
        final AtomicLong received = new AtomicLong();
        final AtomicLong reconnects = new AtomicLong();
        final List<ClientFactory> factories = new ArrayList<>();
        final List<SimulatedSidecar> sidecars = new ArrayList<>();
        MeshDiscoveryGrpc.MeshDiscoveryStub stub = null;
        for (int j = 0; j < streams; j++) {
            if (j % streamsPerConnection == 0) {
                final ClientFactory factory = ClientFactory.builder()
                                                           .tlsCustomizer(b -> b.trustManager(caFile))
                                                           .idleTimeout(Duration.ZERO)
                                                           .build();
                factories.add(factory);
                stub = GrpcClients.builder("https://" + controlPlane)
                                  .factory(factory)
                                  .responseTimeout(Duration.ZERO)
                                  .writeTimeout(Duration.ZERO)
                                  .maxResponseLength(0)
                                  .build(MeshDiscoveryGrpc.MeshDiscoveryStub.class);
            }
            final SimulatedSidecar sidecar = new SimulatedSidecar(j, upstreamsOf.get(j), tracker, fullState,
                                                                  received, reconnects, keepalives);
            sidecar.start(stub, "svc-" + (j % services), token);
            sidecars.add(sidecar);
        }
        keepalives.scheduleAtFixedRate(() -> sidecars.forEach(SimulatedSidecar::keepalive), 5, 5, TimeUnit.SECONDS);
        if (!fullState.await(120, TimeUnit.SECONDS)) {
            final long failed = sidecars.stream().filter(s -> s.failure() != null).count();
            final long missing = sidecars.stream().filter(s -> !s.hasFullState()).count();
            System.err.println("streams without full state: " + missing + "; first: " +
                               sidecars.stream().filter(s -> !s.hasFullState()).findFirst()
                                       .map(SimulatedSidecar::describe).orElse("-"));
            final String firstFailure = sidecars.stream().filter(s -> s.failure() != null).findFirst()
                                                .map(s -> s.failure().toString()).orElse("none");
            throw new IllegalStateException((streams - fullState.getCount()) + " of " + streams +
                                            " streams got their full state in 120 s; failed streams: " + failed +
                                            " (first: " + firstFailure + ')');
        }
        final long connectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStart);
        System.out.printf("scale streams=%d services=%d subscribersPerService=%d connections=%d " +
                          "allFullStateMs=%d reconnects=%d%n", streams, services, streams * perStream / services,
                          factories.size(), connectMillis, reconnects.get());
        final ProcessStats cp = new ProcessStats(cpPid);
        System.out.println("scale connected " + cp.snapshot(Duration.ZERO));

        final Map<String, Boolean> churnPresent = new HashMap<>();
        final long intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
        tracker.swapWindow();
        for (int w = 0; w < windows; w++) {
            cp.mark();
            final long windowStart = System.nanoTime();
            long next = windowStart;
            int started = 0;
            int expired = 0;
            while (System.nanoTime() - windowStart < TimeUnit.SECONDS.toNanos(windowSeconds)) {
                final String service = "svc-" + ThreadLocalRandom.current().nextInt(services);
                if (!tracker.hasPending(service) && tracker.subscriberCount(service) > 0) {
                    final String id = service + "-churn";
                    final boolean present = !churnPresent.getOrDefault(service, false);
                    churnPresent.put(service, present);
                    tracker.begin(service, id, present);
                    if (present) {
                        consul.register(id, service, "127.0.0.1", 30000);
                    } else {
                        consul.deregister(id);
                    }
                    started++;
                }
                expired += tracker.expire(TimeUnit.SECONDS.toNanos(10));
                next += intervalNanos;
                final long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            final Duration elapsed = Duration.ofNanos(System.nanoTime() - windowStart);
            final String usage = cp.snapshot(elapsed);
            // Let the window's last changes land before closing it.
            final long drainStart = System.nanoTime();
            while (tracker.pendingCount() > 0 && System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(10)) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            expired += tracker.expire(0);
            final Latencies window = tracker.swapWindow();
            System.out.printf("scale window=%d changes=%d incomplete=%d push %s %s%n", w + 1, started, expired,
                              window.summary(), usage);
        }
        System.out.println("scale final " + cp.heapAfterFullGc());
        final long failed = sidecars.stream().filter(s -> s.failure() != null).count();
        System.out.println("scale streams-failed=" + failed + " messages=" + received.get());
        keepalives.shutdownNow();
        sidecars.forEach(SimulatedSidecar::stop);
        factories.forEach(ClientFactory::close);
        return 0;
    }
}
