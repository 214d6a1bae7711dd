package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;

import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.Number;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.OutboundRelay;
import io.weft.sidecar.testing.Collector;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * A long-lived stream outlives the caller's certificate rotations: the relay's new connections use the new key
 * pair, and the connection the stream is on is let go only once its streams are done (found by the soak: every
 * RunningSum stream broke at each rotation of the load sidecar's 30 s certificates).
 */
class StreamAcrossRotationTest {
    @RegisterExtension
    final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofSeconds(10));

    @Test
    void aBidiStreamThroughTheNettyRelaySurvivesTwoRotationsOfTheCallersCertificate() throws Exception {
        final int sumApp = apps.startSum("sum-1").activeLocalPort();
        mesh.startSidecar("sum", "sum-1", sumApp, AppProtocol.GRPC, List.of());
        final Sidecar caller = mesh.startSidecar(mesh.config("caller", "caller-1").appPort(sumApp)
                                                     .appProtocol(AppProtocol.GRPC).upstreams(List.of("sum"))
                                                     .outboundRelay(OutboundRelay.NETTY).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            final var e = caller.meshState().current().endpointsOf("sum");
            return e != null && !e.endpoints().isEmpty();
        });
        try (ClientFactory factory = ClientFactory.builder().build()) {
            final Collector<Number> running = new Collector<>();
            final StreamObserver<Number> stream = MeshClients.sumAsync(factory, caller.outboundPort(), "sum")
                                                             .runningSum(running);
            final long rotations = caller.identity().rotations();
            // One number every 50 ms, from another thread, until the caller's certificate was replaced twice (a
            // 10 s lifetime); the stream must stay open all along.
            final AtomicLong sent = new AtomicLong();
            final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            try {
                pacer.scheduleAtFixedRate(() -> {
                    stream.onNext(Number.newBuilder().setValue(1).build());
                    sent.incrementAndGet();
                }, 0, 50, TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    assertThat(running.future()).as("the stream broke after %d numbers", sent.get()).isNotDone();
                    return caller.identity().rotations() >= rotations + 2;
                });
            } finally {
                pacer.shutdown();
                assertThat(pacer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            }
            stream.onCompleted();
            final List<Number> sums = running.future().get(10, TimeUnit.SECONDS);
            assertThat(sums).hasSize((int) sent.get());
            assertThat(sums.get(sums.size() - 1).getValue()).isEqualTo(sent.get());
        }
    }
}
