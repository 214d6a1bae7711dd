package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.linecorp.armeria.client.ClientFactory;

import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * With the shortest leaf TTL the CA issues (10 s), both sidecars renew at about half the lifetime
 * and hot-swap their key pairs under steady load: three rotations each, no failed request.
 */
class CertificateRotationTest {
    private static final int MAX_REQUESTS = 200_000;

    @ParameterizedTest(name = "real control plane: {0}")
    @ValueSource(booleans = { false, true })
    void threeRotationsUnderSteadyLoadFailNoRequest(boolean realControlPlane) throws Exception {
        try (DemoAppsExtension apps = new DemoAppsExtension();
             SidecarExtension mesh = realControlPlane ? SidecarExtension.withControlPlane(Duration.ofSeconds(10))
                                                      : SidecarExtension.withFakeControlPlane(Duration.ofSeconds(10));
             ClientFactory factory = ClientFactory.builder().build()) {
            apps.start();
            mesh.start();
            final int sumApp = apps.startSum("sum-1").activeLocalPort();
            final Sidecar sum = mesh.startSidecar("sum", "sum-1", sumApp, AppProtocol.GRPC, List.of());
            final Sidecar caller = mesh.startSidecar("caller", "caller-1", sumApp, AppProtocol.GRPC, List.of("sum"));
            final SumServiceGrpc.SumServiceBlockingStub stub =
                    MeshClients.sumBlocking(factory, caller.outboundPort(), "sum");
            // With the real control plane the instance is discovered through Consul's health check.
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                    () -> stub.add(AddRequest.newBuilder().setA(1).setB(1).build()).getSum() == 2);

            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicInteger ok = new AtomicInteger();
            final AtomicInteger failed = new AtomicInteger();
            final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
            final CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < MAX_REQUESTS && !stop.get(); i++) {
                    try {
                        final long sumOf = stub.add(AddRequest.newBuilder().setA(i).setB(1).build()).getSum();
                        if (sumOf == i + 1) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                }
            });
            try {
                await().atMost(Duration.ofSeconds(60)).until(
                        () -> sum.identity().rotations() >= 3 && caller.identity().rotations() >= 3 || load.isDone());
            } finally {
                stop.set(true);
                load.join();
            }
            assertThat(sum.identity().rotations()).isGreaterThanOrEqualTo(3);
            assertThat(caller.identity().rotations()).isGreaterThanOrEqualTo(3);
            assertThat(firstFailure.get()).isNull();
            assertThat(failed.get()).isZero();
            assertThat(ok.get()).isPositive();
            assertThat(sum.identity().secondsToExpiry()).isPositive();
        }
    }
}
