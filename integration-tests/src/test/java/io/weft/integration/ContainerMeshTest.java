package io.weft.integration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.weft.integration.mesh.ContainerMesh;
import io.weft.integration.mesh.DockerImages;
import io.weft.integration.mesh.MeshUnderTest;

/**
 * Every scenario against the docker-compose topology in containers built from the repository's
 * Dockerfile, with Consul from {@code CONSUL_IMAGE}. Skipped without Docker, or when the images
 * cannot be had (no registry): on such a machine build them first, e.g.
 * {@code docker compose build} and {@code docker build --target consul-standin -t weft-consul-standin:dev .},
 * then run with {@code WEFT_IMAGE=weft:dev CONSUL_IMAGE=weft-consul-standin:dev
 * TESTCONTAINERS_RYUK_DISABLED=true ./mvnw -pl integration-tests verify -Dtest=ContainerMeshTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerMeshTest extends MeshScenarios {

    private static ContainerMesh mesh;

    @BeforeAll
    static void startMesh() {
        final ContainerMesh.Images images = ContainerMesh.Images.fromEnvironment(System.getenv());
        final Optional<String> missing = DockerImages.unavailable(images.required());
        assumeTrue(missing.isEmpty(), () -> "container suite skipped: " + missing.orElse(""));
        mesh = ContainerMesh.start(images, LEAF_TTL);
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Override
    MeshUnderTest mesh() {
        return mesh;
    }
}
