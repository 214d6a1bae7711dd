package io.weft.integration;

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
            mesh.close();
        }
    }

    @Override
    RunningMesh mesh() {
        return mesh;
    }
}
