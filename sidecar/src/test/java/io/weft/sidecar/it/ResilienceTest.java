package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;

/** Failure behaviour: not ready without credentials, riding out a control plane restart, draining. */
class ResilienceTest {

    @RegisterExtension
    final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));

    @Test
    void notReadyAndNotServingWithoutACertificate() {
        try (ClientFactory factory = ClientFactory.builder().build();
             Sidecar sidecar = Sidecar.start(mesh.config("sum", "sum-9").appPort(1).token("wrong-token")
                                                 .build())) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                final AggregatedHttpResponse readyz = MeshClients.http(factory, sidecar.adminPort())
                                                                 .get("/readyz").aggregate().join();
                assertThat(readyz.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                assertThat(readyz.contentUtf8()).contains("no certificate");
            });
            assertThat(sidecar.whenReady()).isNotDone();
            assertThatThrownBy(sidecar::inboundPort).hasMessageContaining("inbound listener not started");
        }
    }

    @Test
    void answersTheControlPlanesKeepaliveWhateverItsOwnInterval() {
        final int sumApp = apps.startSum("sum-1").activeLocalPort();
        // Its own keepalives are an hour apart: only answers to the control plane's can arrive.
        mesh.startSidecar(mesh.config("sum", "sum-1").appPort(sumApp).appProtocol(AppProtocol.GRPC)
                              .keepaliveInterval(Duration.ofHours(1)).build());
        final int before = mesh.fakeControlPlane().keepalivesReceived();
        mesh.fakeControlPlane().sendKeepalives();
        await().atMost(Duration.ofSeconds(10))
               .until(() -> mesh.fakeControlPlane().keepalivesReceived() > before);
    }

    @Test
    void controlPlaneRestartKeepsStateAndTraffic() {
        try (ClientFactory factory = ClientFactory.builder().build()) {
            final int sumApp = apps.startSum("sum-1").activeLocalPort();
            final Sidecar sum = mesh.startSidecar("sum", "sum-1", sumApp, AppProtocol.GRPC, List.of());
            final Sidecar caller = mesh.startSidecar("caller", "caller-1", sumApp, AppProtocol.GRPC, List.of("sum"));
            final var stub = MeshClients.sumBlocking(factory, caller.outboundPort(), "sum");
            assertThat(stub.add(AddRequest.newBuilder().setA(1).setB(1).build()).getSum()).isEqualTo(2);
            final long connects = caller.discovery().connects();

            mesh.fakeControlPlane().dropStreams();
            // While (re)connecting, the last endpoints and certificate keep serving.
            assertThat(stub.add(AddRequest.newBuilder().setA(2).setB(2).build()).getSum()).isEqualTo(4);
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> caller.discovery().connects() > connects && caller.discovery().connected() &&
                          sum.discovery().connected());
            assertThat(stub.add(AddRequest.newBuilder().setA(3).setB(3).build()).getSum()).isEqualTo(6);
            assertThat(caller.ready()).isTrue();
            assertThat(mesh.fakeControlPlane().acks()).isNotEmpty()
                                                      .allSatisfy(ack -> assertThat(ack.getError()).isEmpty());
        }
    }

    @Test
    void bodyLimitCapsHttpBodiesButNotGrpcStreams() throws Exception {
        try (ClientFactory factory = ClientFactory.builder().build()) {
            final int sumApp = apps.startSum("sum-1").activeLocalPort();
            mesh.startSidecar(mesh.config("sum", "sum-1").appPort(sumApp).maxRequestBytes(1024).build());
            final Sidecar caller = mesh.startSidecar(mesh.config("caller", "caller-1").appPort(sumApp)
                                                         .upstreams(List.of("sum")).maxRequestBytes(1024).build());
            final io.weft.sidecar.testing.Collector<io.weft.demo.sum.v1.Number> totals =
                    new io.weft.sidecar.testing.Collector<>();
            final var stream = MeshClients.sumAsync(factory, caller.outboundPort(), "sum").runningSum(totals);
            for (int i = 1; i <= 500; i++) { // ~5 KB of messages through a 1 KiB body limit
                stream.onNext(io.weft.demo.sum.v1.Number.newBuilder().setValue(i).build());
            }
            stream.onCompleted();
            assertThat(totals.future().get(20, TimeUnit.SECONDS)).hasSize(500).last()
                    .extracting(io.weft.demo.sum.v1.Number::getValue).isEqualTo(125_250L);

            final AggregatedHttpResponse tooLarge = MeshClients.http(factory, caller.outboundPort())
                    .execute(RequestHeaders.builder(HttpMethod.POST, "/x").authority("sum").build(), new byte[2048])
                    .aggregate().join();
            assertThat(tooLarge.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
        }
    }

    @Test
    void healthzReflectsTheApp() {
        try (ClientFactory factory = ClientFactory.builder().build()) {
            final Server app = apps.startSum("sum-1");
            final Sidecar sum = mesh.startSidecar("sum", "sum-1", app.activeLocalPort(), AppProtocol.GRPC, List.of());
            assertThat(MeshClients.http(factory, sum.adminPort()).get("/healthz").aggregate().join().status())
                    .isEqualTo(HttpStatus.OK);
            app.stop().join();
            final AggregatedHttpResponse down = MeshClients.http(factory, sum.adminPort()).get("/healthz")
                                                           .aggregate().join();
            assertThat(down.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(down.contentUtf8()).contains("is not accepting connections");
        }
    }

    @Test
    void closeDrainsInFlightRequestsBeforeStopping() throws Exception {
        final CountDownLatch arrived = new CountDownLatch(1);
        final CompletableFuture<HttpResponse> release = new CompletableFuture<>();
        try (ClientFactory factory = ClientFactory.builder().build()) {
            final Server slowApp = apps.startApp(BossGroups.applyTo(Server.builder()).http(0)
                                                           .service("/slow", (ctx, req) -> {
                arrived.countDown();
                return HttpResponse.of(release);
            }).build());
            final Sidecar slow = mesh.startSidecar(mesh.config("slow", "slow-1").appPort(slowApp.activeLocalPort())
                                                       .appProtocol(AppProtocol.HTTP)
                                                       .shutdownGrace(Duration.ofSeconds(20)).build());
            final Sidecar caller = mesh.startSidecar("caller", "caller-1", slowApp.activeLocalPort(),
                                                     AppProtocol.HTTP, List.of("slow"));
            final CompletableFuture<AggregatedHttpResponse> inFlight =
                    MeshClients.http(factory, caller.outboundPort())
                               .execute(RequestHeaders.builder(HttpMethod.GET, "/slow").authority("slow").build())
                               .aggregate();
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

            final CompletableFuture<Void> closing = CompletableFuture.runAsync(slow::close);
            await().atMost(Duration.ofSeconds(5)).until(() -> !slow.ready());
            assertThat(closing).isNotDone();
            release.complete(HttpResponse.of("done"));

            assertThat(inFlight.get(10, TimeUnit.SECONDS).contentUtf8()).isEqualTo("done");
            closing.get(20, TimeUnit.SECONDS);
        }
    }
}
