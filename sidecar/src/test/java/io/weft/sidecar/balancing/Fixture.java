package io.weft.sidecar.balancing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.SessionProtocol;

/** Backends on port 0, a cluster over them with a fake clock, and a client wired as the sidecar does. */
final class Fixture implements AutoCloseable {

    final MutableClock clock = new MutableClock();
    final List<Backend> backends = new ArrayList<>();
    final UpstreamCluster cluster;
    final ClientFactory factory = ClientFactory.builder().build();
    final WebClient client;

    private Fixture(ClusterPolicy policy, int[] weights) {
        for (int i = 0; i < weights.length; i++) {
            backends.add(Backend.start("b" + i));
        }
        cluster = UpstreamCluster.of("test", policy, clock);
        cluster.update(IntStream.range(0, weights.length)
                                .mapToObj(i -> backends.get(i).endpoint(weights[i])).toList());
        client = WebClient.builder(SessionProtocol.HTTP, cluster.endpointGroup())
                          .factory(factory)
                          .decorator(cluster.decorator())
                          .build();
    }

    static Fixture start(ClusterPolicy policy, int... weights) {
        return new Fixture(policy, weights);
    }

    static Fixture equal(ClusterPolicy policy, int count) {
        return new Fixture(policy, IntStream.range(0, count).map(i -> 1).toArray());
    }

    Backend backend(int i) {
        return backends.get(i);
    }

    /** A GET, returned once every attempt's outcome has reached outlier detection. */
    AggregatedHttpResponse get() {
        final AggregatedHttpResponse res = client.get("/").aggregate().join();
        settle();
        return res;
    }

    /** Waits until no attempt is in flight, i.e. every outcome so far has been reported. */
    void settle() {
        waitUntil(() -> cluster.endpointStatuses().stream().allMatch(s -> s.inFlight() == 0));
    }

    /** Awaitility with a short poll, for conditions that hold within milliseconds. */
    static void waitUntil(Callable<Boolean> condition) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(condition);
    }

    int totalHits() {
        return backends.stream().mapToInt(Backend::hits).sum();
    }

    EndpointStatus status(int i) {
        final String id = backends.get(i).id();
        return cluster.endpointStatuses().stream()
                      .filter(s -> s.endpoint().instanceId().equals(id)).findFirst().orElseThrow();
    }

    long ejectedCount() {
        return cluster.endpointStatuses().stream().filter(EndpointStatus::ejected).count();
    }

    void resetHits() {
        backends.forEach(Backend::resetHits);
    }

    @Override
    public void close() {
        // The client's connections first: a backend stopping with one still open would give it Armeria's
        // 1 s connection drain. Held requests are released first, so none is left in flight.
        backends.forEach(Backend::release);
        factory.close();
        CompletableFuture.allOf(backends.stream().map(Backend::closeAsync)
                                        .toArray(CompletableFuture[]::new)).join();
        cluster.close();
    }
}
