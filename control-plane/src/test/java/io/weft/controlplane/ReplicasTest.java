package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weft.controlplane.testing.MeshFixture;
import io.weft.controlplane.testing.StreamClient;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Endpoints;

/** Two control planes on one Consul and one CA directory give a sidecar the same answers. */
class ReplicasTest {

    @TempDir
    Path caDir;

    @Test
    void twoReplicasShareTheCaAndServeTheSameEndpoints() throws Exception {
        try (MeshFixture mesh = new MeshFixture(caDir)) {
            mesh.register("sum", "sum-1", 21001);
            mesh.register("sum", "sum-2", 21002);
            final ControlPlane first = mesh.start();
            try (ControlPlane second = ControlPlane.start(mesh.config().build())) {
                assertThat(Files.readString(second.rootCaPemFile()))
                        .isEqualTo(Files.readString(first.rootCaPemFile()));
                await().until(() -> first.isReady() && second.isReady());
                try (StreamClient a = StreamClient.connect(first.streamPort(), first.rootCaPemFile());
                     StreamClient b = StreamClient.connect(second.streamPort(), second.rootCaPemFile())) {
                    a.hello(StreamClient.hello("hello", MeshFixture.TOKEN, "sum"));
                    b.hello(StreamClient.hello("hello", MeshFixture.TOKEN, "sum"));
                    final Endpoints fromA = a.awaitEndpoints("sum", e -> e.getEndpointsCount() == 2);
                    final Endpoints fromB = b.awaitEndpoints("sum", e -> e.getEndpointsCount() == 2);
                    assertThat(fromA.getEndpointsList()).isEqualTo(fromB.getEndpointsList());
                    assertThat(a.await(ControlMessage::hasTrustBundle).getTrustBundle().getRootsPemList())
                            .isEqualTo(b.await(ControlMessage::hasTrustBundle).getTrustBundle().getRootsPemList());
                }
            }
        }
    }
}
