package io.weft.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;

import io.weft.controlplane.ControlPlane;
import io.weft.controlplane.testing.ConsulStandInExtension;
import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.integration.mesh.SteadyTraffic;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.Mode;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * Two control-plane replicas on one Consul and one CA directory, sidecars finding them through Consul
 * ({@code --control-plane consul}) or a list: stopping the replica the sidecars are on loses no request,
 * and certificates keep being issued by the other.
 */
class ControlPlaneFailoverTest {

    /** Short enough that a renewal comes some 15 s after the failover; long enough for a loaded machine. */
    private static final Duration LEAF_TTL = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PATH = "/sum/v1/sum/40/2";

    @RegisterExtension
    final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    final SidecarExtension mesh = SidecarExtension.withControlPlane(
            new ControlPlaneExtension(new ConsulStandInExtension(b -> b.minCheckInterval(Duration.ofMillis(200)))),
            cp -> cp.config().leafTtl(LEAF_TTL).consulMinInterval(Duration.ofMillis(50)).build());

    @Test
    void stoppingTheReplicaTheSidecarsAreOnFailsNoRequestAndCertificatesAreStillIssued() {
        final ControlPlaneExtension controlPlanes = mesh.controlPlane();
        final ControlPlane first = controlPlanes.controlPlane();
        final ControlPlane second = controlPlanes.startControlPlane(
                controlPlanes.config().leafTtl(LEAF_TTL).consulMinInterval(Duration.ofMillis(50)).build());
        awaitPassingReplicas(2);

        // Two instances, as in any mesh that promises no failed request: on a loaded machine one instance's
        // Consul check may time out now and then, and the other must be there to serve meanwhile.
        final Sidecar sum = startSum("sum-1");
        final Sidecar sum2 = startSum("sum-2");
        final Sidecar gateway = mesh.startSidecar(mesh.config("gateway", "gateway-1").controlPlaneAddress("consul")
                                                      .mode(Mode.GATEWAY).upstreams(List.of("sum")).build());
        final URI edge = URI.create("http://127.0.0.1:" + gateway.edgePort());
        final BlockingWebClient client = WebClient.of(edge.toString()).blocking();
        await("the gateway routes to sum").atMost(TIMEOUT).untilAsserted(() -> {
            final AggregatedHttpResponse response = client.get(PATH);
            assertThat(response.status().code()).as("GET %s -> %s", PATH, response.contentUtf8()).isEqualTo(200);
        });

        try (SteadyTraffic traffic = SteadyTraffic.start(edge, Duration.ofMillis(50), PATH)) {
            await().atMost(TIMEOUT).until(() -> traffic.ok() >= 20);

            final ControlPlane victim = addressOf(first).equals(sum.discovery().replica()) ? first : second;
            final ControlPlane survivor = victim == first ? second : first;
            victim.close();

            for (Sidecar sidecar : List.of(sum, sum2, gateway)) {
                await("sidecar " + sidecar.config().instanceId() + " on the surviving replica")
                        .atMost(TIMEOUT).until(() -> addressOf(survivor).equals(sidecar.discovery().replica()));
            }
            assertThat(survivor.sidecars()).extracting(v -> v.instanceId())
                                           .contains("sum-1", "sum-2", "gateway-1");
            // The CSR sent on reconnect, then a renewal at about half the lifetime: both from the survivor.
            final long sumRotations = sum.identity().rotations();
            final long gatewayRotations = gateway.identity().rotations();
            await("certificates renewed by the surviving replica").atMost(TIMEOUT).until(
                    () -> sum.identity().rotations() >= sumRotations + 2
                          && gateway.identity().rotations() >= gatewayRotations + 2);

            final long okAtFailover = traffic.ok();
            await().atMost(TIMEOUT).until(() -> traffic.ok() >= okAtFailover + 20);
            final SteadyTraffic.Result result = traffic.stop();
            assertThat(result.failures()).isEmpty();
            assertThat(result.ok()).isEqualTo(result.sent());
        }
    }

    @Test
    void aListWhoseOtherReplicaIsDownStillConnects() throws IOException {
        final ControlPlane live = mesh.controlPlane().controlPlane();
        final String down = "127.0.0.1:" + closedPort();
        // Both orders: whichever replica the instance's hash picks first, it ends on the live one at once.
        for (String list : List.of(down + ',' + addressOf(live), addressOf(live) + ',' + down)) {
            final String id = "gateway-" + Math.abs(list.hashCode());
            final Sidecar sidecar = mesh.startSidecar(mesh.config("gateway", id).controlPlaneAddress(list)
                                                          .mode(Mode.GATEWAY).build());
            assertThat(sidecar.discovery().replica()).isEqualTo(addressOf(live));
        }
    }

    private Sidecar startSum(String instanceId) {
        final int app = apps.startSum(instanceId).activeLocalPort();
        return mesh.startSidecar(mesh.config("sum", instanceId).controlPlaneAddress("consul")
                                     .appPort(app).appProtocol(AppProtocol.GRPC).build());
    }

    private void awaitPassingReplicas(int count) {
        await("replicas passing in Consul").atMost(TIMEOUT).until(
                () -> mesh.controlPlane().consul().standIn().catalog().agentChecks().value().values().stream()
                          .filter(c -> "weft-control-plane".equals(c.serviceName()))
                          .filter(c -> "passing".equals(c.status())).count() == count);
    }

    private static String addressOf(ControlPlane controlPlane) {
        return "127.0.0.1:" + controlPlane.streamPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
