package io.weft.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.weft.integration.mesh.InProcessMesh;
import io.weft.integration.mesh.RunningMesh;

/** Every scenario against the whole mesh in this JVM, on the Consul stand-in. Always runs. */
class InProcessMeshTest extends MeshScenarios {

    private static InProcessMesh mesh;

    @BeforeAll
    static void startMesh() throws Exception {
        mesh = InProcessMesh.start(LEAF_TTL);
    }

    @AfterAll
    static void stopMesh() throws Exception {
        if (mesh != null) {
            final URI gateway = mesh.gateway(); // read before close: containers' ports are gone after it
            final URI consul = mesh.consul();
            mesh.close();
            // Nothing the mesh started may outlive it: its gateway and its Consul stop listening.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(listening(gateway)).as("gateway %s after close", gateway).isFalse();
                assertThat(listening(consul)).as("Consul %s after close", consul).isFalse();
            });
        }
    }

    @Override
    RunningMesh mesh() {
        return mesh;
    }
}
