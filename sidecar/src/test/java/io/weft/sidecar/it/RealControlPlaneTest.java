package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.ClientFactory;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.devmesh.consul.catalog.ServiceInstance;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.testing.Collector;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.MeshFixture;
import io.weft.sidecar.testing.RealControlPlane;

/**
 * The sidecar against the real control plane and the Consul API stand-in: it bootstraps over the
 * stream, self-registers (inbound port, Meta weft-protocol, health check on admin /healthz), is
 * discovered by another sidecar through Consul, carries native gRPC, enforces a Consul intention,
 * and deregisters on close.
 */
class RealControlPlaneTest {

    @Test
    void selfRegisteredSidecarsCarryNativeGrpcAndDeregisterOnClose() throws Exception {
        try (MeshFixture mesh = MeshFixture.startWithRealControlPlane(Duration.ofMinutes(10));
             ClientFactory factory = ClientFactory.builder().build()) {
            final RealControlPlane control = (RealControlPlane) mesh.control();
            final int sumApp = mesh.startSumApp("sum-1").activeLocalPort();
            final Sidecar sum = mesh.startSidecar("sum", "sum-1", sumApp, AppProtocol.GRPC, List.of());

            final ServiceInstance registered = await().atMost(Duration.ofSeconds(10)).until(
                    () -> control.consul().catalog().agentServices().value().get("sum-1"), i -> i != null);
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
            control.consul().catalog().upsertIntention("caller", "sum", "deny", "test");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThatThrownBy(
                    () -> stub.add(AddRequest.newBuilder().setA(1).setB(1).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                        assertThat(e.getStatus().getDescription()).contains("'caller'");
                    }));
            control.consul().catalog().deleteIntention("caller", "sum");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(
                    () -> assertThat(stub.add(AddRequest.newBuilder().setA(1).setB(1).build()).getSum()).isEqualTo(2));

            sum.close();
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> !control.consul().catalog().agentServices().value().containsKey("sum-1"));
        }
    }
}
