package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.server.Server;

import io.micrometer.core.instrument.Timer;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.MeshFixture;

/**
 * Three {@code sum} instances behind their sidecars: even spread (within ±10 %), and one instance's
 * app dying under load while the control plane still lists it.
 */
class BalancingThroughSidecarsTest {

    @Test
    void spreadsEvenlyAndLosesNoUnaryCallWhenAnInstanceDies() throws Exception {
        try (MeshFixture mesh = MeshFixture.start(Duration.ofHours(1));
             ClientFactory factory = ClientFactory.builder().build()) {
            final List<Server> apps = new ArrayList<>();
            final List<Sidecar> sums = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                final Server app = mesh.startSumApp("sum-" + i);
                apps.add(app);
                sums.add(mesh.startSidecar("sum", "sum-" + i, app.activeLocalPort(), AppProtocol.GRPC, List.of()));
            }
            final Sidecar caller = mesh.startSidecar("caller", "caller-1", apps.get(0).activeLocalPort(),
                                                     AppProtocol.GRPC, List.of("sum"));
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> caller.meshState().current().endpointsOf("sum") != null &&
                          caller.meshState().current().endpointsOf("sum").endpoints().size() == 3);
            final SumServiceGrpc.SumServiceBlockingStub stub =
                    MeshClients.sumBlocking(factory, caller.outboundPort(), "sum");

            for (int i = 0; i < 300; i++) {
                stub.add(AddRequest.newBuilder().setA(i).setB(1).build());
            }
            for (Sidecar sum : sums) {
                assertThat(inboundRequests(sum)).isBetween(90L, 110L);
            }

            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicInteger ok = new AtomicInteger();
            final AtomicInteger failed = new AtomicInteger();
            final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
            final CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 100_000 && !stop.get(); i++) {
                    try {
                        stub.add(AddRequest.newBuilder().setA(i).setB(1).build());
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                }
            });
            final int before = ok.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > before + 50);
            apps.get(2).stop().join(); // the instance dies; the control plane still lists it
            final int afterKill = ok.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() > afterKill + 300 || load.isDone());
            stop.set(true);
            load.join();
            // Every call sent after the death succeeds (retried on another instance, then the dead one is
            // ejected). The one call the single-threaded loop may have had inside the app at the instant
            // it died can be lost: its response had started (see the report on issue 5, item 4).
            assertThat(failed.get()).as("failures, first: %s", firstFailure.get()).isLessThanOrEqualTo(1);
            assertThat(ok.get()).isGreaterThan(afterKill + 300);
        }
    }

    private static long inboundRequests(Sidecar sidecar) {
        return sidecar.metrics().registry().find("weft.requests").tag("direction", "inbound").timers().stream()
                      .mapToLong(Timer::count).sum();
    }
}
