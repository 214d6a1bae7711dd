package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.controlplane.testing.StreamClient;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Endpoints;

/** Two control planes on one Consul and one CA directory give a sidecar the same answers. */
class ReplicasTest {

    @RegisterExtension
    final ControlPlaneExtension controlPlanes = new ControlPlaneExtension();

    @Test
    void twoReplicasShareTheCaAndServeTheSameEndpoints() throws Exception {
        controlPlanes.consul().register("sum", "sum-1", 21001);
        controlPlanes.consul().register("sum", "sum-2", 21002);
        final ControlPlane first = controlPlanes.startControlPlane();
        final ControlPlane second = controlPlanes.startControlPlane(controlPlanes.config().build());
        assertThat(Files.readString(second.rootCaPemFile())).isEqualTo(Files.readString(first.rootCaPemFile()));
        try (StreamClient a = StreamClient.connect(first.streamPort(), first.rootCaPemFile());
             StreamClient b = StreamClient.connect(second.streamPort(), second.rootCaPemFile())) {
            a.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN, "sum"));
            b.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN, "sum"));
            final Endpoints fromA = a.awaitEndpoints("sum", e -> e.getEndpointsCount() == 2);
            final Endpoints fromB = b.awaitEndpoints("sum", e -> e.getEndpointsCount() == 2);
            assertThat(fromA.getEndpointsList()).isEqualTo(fromB.getEndpointsList());
            assertThat(a.await(ControlMessage::hasTrustBundle).getTrustBundle().getRootsPemList())
                    .isEqualTo(b.await(ControlMessage::hasTrustBundle).getTrustBundle().getRootsPemList());
        }
    }
}
