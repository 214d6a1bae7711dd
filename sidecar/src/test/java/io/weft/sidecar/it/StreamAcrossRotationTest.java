package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;

import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.testing.Collector;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * Long-lived streams outlive certificate rotations on both sides, in the chaos soak's shape (issue 15: every
 * RunningSum stream broke at each rotation of the load sidecar's 30 s certificate): a caller sidecar with
 * {@code --app-protocol http} and {@code --upstreams sum}, three {@code sum} instances, several bidirectional
 * streams through the default (Netty) outbound relay, and unary calls alongside — the first new stream after a
 * rotation is what retires the connection the long streams are on. Every sidecar's certificate lives 10 s (the shortest a CA issues), renewed every 4-6 s.
 */
class StreamAcrossRotationTest {
    private static final int STREAMS = 4;

    @RegisterExtension
    final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofSeconds(10));

    @Test
    void bidiStreamsSurviveTwoRotationsOfTheCallerAndOfEveryCallee() throws Exception {
        // Started together, as the soak's processes are: what the test waits for is rotations, not start-ups.
        final List<CompletableFuture<Sidecar>> starting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            final SidecarConfig config = mesh.config("sum", "sum-" + i)
                                             .appPort(apps.startSum("sum-" + i).activeLocalPort())
                                             .appProtocol(AppProtocol.GRPC).requestTimeout(Duration.ofMinutes(1))
                                             .build();
            starting.add(CompletableFuture.supplyAsync(() -> mesh.startSidecar(config)));
        }
        // As the soak's load sidecar: an HTTP app it fronts (none listening), registered nowhere, one upstream.
        final Sidecar caller = mesh.startSidecar(mesh.config("soak", "soak-1").appPort(1)
                                                     .appProtocol(AppProtocol.HTTP).upstreams(List.of("sum"))
                                                     .requestTimeout(Duration.ofMinutes(1)).build());
        final List<Sidecar> sums = new ArrayList<>();
        for (CompletableFuture<Sidecar> s : starting) {
            sums.add(s.get(2, TimeUnit.MINUTES));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            final var e = caller.meshState().current().endpointsOf("sum");
            return e != null && e.endpoints().size() == 3;
        });
        try (ClientFactory factory = ClientFactory.builder().build()) {
            final SumServiceGrpc.SumServiceStub sum = MeshClients.sumAsync(factory, caller.outboundPort(), "sum");
            final List<Collector<Number>> running = new ArrayList<>();
            final List<StreamObserver<Number>> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                final Collector<Number> totals = new Collector<>();
                running.add(totals);
                streams.add(sum.runningSum(totals));
            }
            final long callerRotations = caller.identity().rotations();
            final long[] sumRotations = sums.stream().mapToLong(s -> s.identity().rotations()).toArray();
            // Every 50 ms: one number on each stream, and one unary Add on the same connection to the sidecar.
            final AtomicLong sent = new AtomicLong();
            final AtomicReference<Throwable> unaryFailure = new AtomicReference<>();
            final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            try {
                pacer.scheduleAtFixedRate(() -> {
                    streams.forEach(s -> s.onNext(Number.newBuilder().setValue(1).build()));
                    sent.incrementAndGet();
                    sum.add(AddRequest.newBuilder().setA(1).setB(2).build(), new StreamObserver<AddResponse>() {
                        @Override
                        public void onNext(AddResponse r) {
                            if (r.getSum() != 3) {
                                unaryFailure.compareAndSet(null, new AssertionError("1 + 2 = " + r.getSum()));
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            unaryFailure.compareAndSet(null, t);
                        }

                        @Override
                        public void onCompleted() {}
                    });
                }, 0, 50, TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    for (int i = 0; i < STREAMS; i++) {
                        assertThat(running.get(i).future()).as("stream %d after %d numbers", i, sent.get())
                                                           .isNotDone();
                    }
                    assertThat(unaryFailure.get()).as("a unary call failed").isNull();
                    boolean rotated = caller.identity().rotations() >= callerRotations + 2;
                    for (int i = 0; i < sums.size(); i++) {
                        rotated &= sums.get(i).identity().rotations() >= sumRotations[i] + 2;
                    }
                    return rotated;
                });
            } finally {
                pacer.shutdown();
                assertThat(pacer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            }
            streams.forEach(StreamObserver::onCompleted);
            for (int i = 0; i < STREAMS; i++) {
                final List<Number> totals = running.get(i).future().get(10, TimeUnit.SECONDS);
                assertThat(totals).as("stream %d", i).hasSize((int) sent.get());
                assertThat(totals.get(totals.size() - 1).getValue()).as("stream %d", i).isEqualTo(sent.get());
            }
        }
    }
}
