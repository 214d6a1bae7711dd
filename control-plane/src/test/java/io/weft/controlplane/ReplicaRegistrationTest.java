package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.weft.controlplane.testing.ConsulStandInExtension;
import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.devmesh.consul.catalog.CheckDefinition;
import io.weft.devmesh.consul.catalog.HealthCheck;
import io.weft.devmesh.consul.catalog.ServiceInstance;

/** Each replica registers itself in Consul, checked on its /readyz, and leaves Consul when it stops. */
class ReplicaRegistrationTest {

    @RegisterExtension
    final ControlPlaneExtension controlPlanes = new ControlPlaneExtension(
            new ConsulStandInExtension(b -> b.minCheckInterval(Duration.ofMillis(200))));

    @Test
    void aReplicaRegistersWithAReadyzCheckThatPassesAndDeregistersOnClose() {
        final ControlPlane replica = controlPlanes.startControlPlane();
        final String id = "weft-control-plane-127.0.0.1-" + replica.streamPort();

        await().atMost(Duration.ofSeconds(10)).until(() -> services().containsKey(id));
        final ServiceInstance registered = services().get(id);
        assertThat(registered.name()).isEqualTo("weft-control-plane");
        assertThat(registered.address()).isEqualTo("127.0.0.1");
        assertThat(registered.port()).isEqualTo(replica.streamPort());
        assertThat(registered.meta()).containsExactlyEntriesOf(
                Map.of("weft-http-port", Integer.toString(replica.httpPort())));
        // It carries no weft-protocol: the control plane never routes to itself.
        assertThat(replica.snapshot().services()).doesNotContainKey("weft-control-plane");

        final CheckDefinition check = checksOf(id).get(0).definition();
        assertThat(check.http()).isEqualTo("http://127.0.0.1:" + replica.httpPort() + "/readyz");
        await().atMost(Duration.ofSeconds(10))
               .until(() -> "passing".equals(checksOf(id).get(0).status()));

        replica.close();
        assertThat(services()).doesNotContainKey(id);
        assertThat(checksOf(id)).isEmpty();
    }

    @Test
    void aReplicaIdAndAdvertisedAddressAreRegisteredAsGivenAndRegistrationCanBeTurnedOff() {
        final ControlPlane named = controlPlanes.startControlPlane(
                controlPlanes.config().replicaId("cp-a").advertiseAddress("localhost").build());
        final ControlPlane unregistered = controlPlanes.startControlPlane(
                controlPlanes.config().consulRegister(false).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> services().containsKey("cp-a"));
        assertThat(services().get("cp-a").address()).isEqualTo("localhost");
        assertThat(services().get("cp-a").port()).isEqualTo(named.streamPort());
        assertThat(services().values()).extracting(ServiceInstance::port)
                                       .doesNotContain(unregistered.streamPort());
    }

    private Map<String, ServiceInstance> services() {
        return controlPlanes.consul().standIn().catalog().agentServices().value();
    }

    private List<HealthCheck> checksOf(String serviceId) {
        return controlPlanes.consul().standIn().catalog().agentChecks().value().values().stream()
                            .filter(c -> serviceId.equals(c.serviceId())).toList();
    }
}
