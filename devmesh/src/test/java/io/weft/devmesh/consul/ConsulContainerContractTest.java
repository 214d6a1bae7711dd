package io.weft.devmesh.consul;

import java.net.URI;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The contract suite against a real Consul in Docker ({@code CONSUL_IMAGE}, default
 * {@value #DEFAULT_IMAGE}); skipped where there is no Docker. HTTP checks reach this JVM through
 * Testcontainers' host port exposure.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConsulContainerContractTest extends ConsulContract {
    static final String DEFAULT_IMAGE = "hashicorp/consul:1.20";

    private static ConsulContainer consul;

    @BeforeAll
    static void startConsul() {
        // Must precede the container's start: it sets up the tunnel to this JVM's check target.
        org.testcontainers.Testcontainers.exposeHostPorts(targetPort());
        final String image = System.getenv().getOrDefault("CONSUL_IMAGE", DEFAULT_IMAGE);
        consul = new ConsulContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("hashicorp/consul"));
        consul.start();
    }

    @AfterAll
    static void stopConsul() {
        if (consul != null) {
            consul.stop();
        }
    }

    @Override
    URI consulUri() {
        return URI.create("http://" + consul.getHost() + ':' + consul.getMappedPort(8500));
    }

    @Override
    String hostSeenByConsul() {
        return "host.testcontainers.internal";
    }
}
