package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.devmesh.consul.ConsulStandIn;
import io.weft.devmesh.consul.catalog.ServiceInstance;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.testing.Collector;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * The sidecar against the real control plane and the Consul API stand-in: it bootstraps over the
 * stream, self-registers (inbound port, Meta weft-protocol, health check on admin /healthz), is
 * discovered by another sidecar through Consul, carries native gRPC, enforces a Consul intention,
 * and deregisters on close.
 */
class RealControlPlaneTest {

    @RegisterExtension
    final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    final SidecarExtension mesh = SidecarExtension.withControlPlane(Duration.ofMinutes(10));

    @Test
    void selfRegisteredSidecarsCarryNativeGrpcAndDeregisterOnClose() throws Exception {
        try (ClientFactory factory = ClientFactory.builder().build()) {
            final ConsulStandIn consul = mesh.controlPlane().consul().standIn();
            final int sumApp = apps.startSum("sum-1").activeLocalPort();
            final Sidecar sum = mesh.startSidecar("sum", "sum-1", sumApp, AppProtocol.GRPC, List.of());

            final ServiceInstance registered = await().atMost(Duration.ofSeconds(10)).until(
                    () -> consul.catalog().agentServices().value().get("sum-1"), i -> i != null);
            assertThat(registered.port()).isEqualTo(sum.inboundPort());
            assertThat(registered.meta()).containsEntry("weft-protocol", "grpc");

            final Sidecar caller = mesh.startSidecar("caller", "caller-1", sumApp, AppProtocol.GRPC, List.of("sum"));
            final SumServiceGrpc.SumServiceBlockingStub stub =
                    MeshClients.sumBlocking(factory, caller.outboundPort(), "sum");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(
                    () -> assertThat(stub.add(AddRequest.newBuilder().setA(20).setB(22).build()).getSum())
                            .isEqualTo(42));
            final Collector<Number> range = new Collector<>();
            MeshClients.sumAsync(factory, caller.outboundPort(), "sum.weft")
                       .range(RangeRequest.newBuilder().setFrom(1).setTo(3).build(), range);
            assertThat(range.future().get(10, TimeUnit.SECONDS)).extracting(Number::getValue)
                                                                  .containsExactly(1L, 2L, 3L);

            // A Consul intention, as `consul intention create -deny caller sum` would make it.
            consul.catalog().upsertIntention("caller", "sum", "deny", "test");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThatThrownBy(
                    () -> stub.add(AddRequest.newBuilder().setA(1).setB(1).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                        assertThat(e.getStatus().getDescription()).contains("'caller'");
                    }));
            consul.catalog().deleteIntention("caller", "sum");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(
                    () -> assertThat(stub.add(AddRequest.newBuilder().setA(1).setB(1).build()).getSum()).isEqualTo(2));

            sum.close();
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> !consul.catalog().agentServices().value().containsKey("sum-1"));
        }
    }
}
