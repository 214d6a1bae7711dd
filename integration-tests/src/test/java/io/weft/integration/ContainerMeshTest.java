package io.weft.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.weft.integration.mesh.ContainerMesh;
import io.weft.integration.mesh.DockerImages;
import io.weft.integration.mesh.RunningMesh;

/**
 * Every scenario against the docker-compose topology in containers built from the repository's
 * Dockerfile, with Consul from {@code CONSUL_IMAGE}. Skipped without Docker, or when the images
 * cannot be had (no registry): on such a machine build them first, e.g.
 * {@code docker compose build} and {@code docker build --target consul-standin -t weft-consul-standin:dev .},
 * then run with {@code WEFT_IMAGE=weft:dev CONSUL_IMAGE=weft-consul-standin:dev
 * TESTCONTAINERS_RYUK_DISABLED=true ./mvnw -pl integration-tests -am test -Dtest=ContainerMeshTest
 * -Dsurefire.failIfNoSpecifiedTests=false} (docker/README.md).
 */
@EnabledIf(value = "imagesAvailable", disabledReason = "the container suite's images are neither present nor "
                                                     + "pullable (see the class comment)")
@Testcontainers(disabledWithoutDocker = true)
class ContainerMeshTest extends MeshScenarios {

    /**
     * Checked before Testcontainers' own Docker check, which retries pulls of its helper images for
     * minutes on a machine with an engine but no registry: every image must be present, or pulled
     * now with one {@code docker pull} (no Docker CLI: disabled).
     */
    static boolean imagesAvailable() {
        final ContainerMesh.Images images = ContainerMesh.Images.fromEnvironment(System.getenv());
        return images.required().stream().allMatch(DockerImages::presentOrPulled);
    }

    private static ContainerMesh mesh;

    @BeforeAll
    static void startMesh() {
        final ContainerMesh.Images images = ContainerMesh.Images.fromEnvironment(System.getenv());
        final Optional<String> missing = DockerImages.testcontainersUnavailable();
        assumeTrue(missing.isEmpty(), () -> "container suite skipped: " + missing.orElse(""));
        mesh = ContainerMesh.start(images, LEAF_TTL);
    }

    @AfterAll
    static void stopMesh() {
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
