package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.server.Server;

import io.micrometer.core.instrument.Timer;
import io.weft.common.annotation.Nullable;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.OutboundRelay;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * Three {@code sum} instances behind their sidecars: even spread (within ±10 %), and one instance dying
 * under load while the control plane still lists it — its app alone, or its app and sidecar together —
 * with not one failed unary call.
 */
class BalancingThroughSidecarsTest {

    @RegisterExtension
    final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));

    /** What of the third instance dies. */
    enum Death {
        /** The app stops; its sidecar stays up and answers UNAVAILABLE (connection refused) for it. */
        APP,
        /** The app and its sidecar stop: connections to the sidecar close, new ones are refused. */
        APP_AND_SIDECAR
    }

    /** Each death through each outbound relay: Armeria's client, and the Netty relay's own attempts. */
    static Stream<Arguments> deathsAndRelays() {
        return Arrays.stream(Death.values())
                     .flatMap(d -> Arrays.stream(OutboundRelay.values()).map(r -> Arguments.of(d, r)));
    }

    @ParameterizedTest
    @MethodSource("deathsAndRelays")
    void spreadsEvenlyAndLosesNoUnaryCallWhenAnInstanceDies(Death death, OutboundRelay relay) throws Exception {
        try (ClientFactory factory = ClientFactory.builder().build()) {
            final List<Server> sumApps = new ArrayList<>();
            final List<Sidecar> sums = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                final Server app = apps.startSum("sum-" + i);
                sumApps.add(app);
                sums.add(mesh.startSidecar("sum", "sum-" + i, app.activeLocalPort(), AppProtocol.GRPC, List.of()));
            }
            final Sidecar caller = mesh.startSidecar(mesh.config("caller", "caller-1")
                                                         .appPort(sumApps.get(0).activeLocalPort())
                                                         .appProtocol(AppProtocol.GRPC).upstreams(List.of("sum"))
                                                         .outboundRelay(relay).build());
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
            // The instance dies; the control plane still lists it.
            if (death == Death.APP_AND_SIDECAR) {
                CompletableFuture.allOf(sumApps.get(2).stop(), CompletableFuture.runAsync(sums.get(2)::close)).join();
            } else {
                sumApps.get(2).stop().join();
            }
            final int afterKill = ok.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() > afterKill + 300 || load.isDone());
            stop.set(true);
            load.join();
            // Calls to the dead instance are retried on another one until it is ejected; the call in
            // flight at the instant of death finishes (graceful stop) or is refused before its response
            // starts, so it is retried too.
            assertThat(failed.get()).as("failures, first: %s", describe(firstFailure.get())).isZero();
            assertThat(ok.get()).isGreaterThan(afterKill + 300);
        }
    }

    /** The failure with its cause chain: a status without a description says little on its own. */
    private static String describe(@Nullable Throwable failure) {
        final StringBuilder out = new StringBuilder(String.valueOf(failure));
        for (Throwable t = failure == null ? null : failure.getCause(); t != null; t = t.getCause()) {
            out.append(" <- ").append(t);
        }
        return out.toString();
    }

    private static long inboundRequests(Sidecar sidecar) {
        return sidecar.metrics().registry().find("weft.requests").tag("direction", "inbound").timers().stream()
                      .mapToLong(Timer::count).sum();
    }
}
