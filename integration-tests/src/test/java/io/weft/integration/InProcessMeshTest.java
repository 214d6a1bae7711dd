package io.weft.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;

import io.weft.integration.mesh.InProcessMesh;
import io.weft.integration.mesh.RunningMesh;

/** Every scenario against the whole mesh in this JVM, on the Consul stand-in. Always runs. */
class InProcessMeshTest extends MeshScenarios {

    private static final ObjectMapper JSON = new ObjectMapper();
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

    /** Sidecars report what they served; {@code /api/v1/traffic} shows each edge the test drove. */
    @Test
    void theTrafficApiShowsTheEdgesTheTestDrove() throws Exception {
        final BlockingWebClient gateway = WebClient.of(mesh.gateway().toString()).blocking();
        for (int i = 0; i < 20; i++) {
            assertThat(gateway.get("/hello/sum?a=1&b=" + i).status().code()).isEqualTo(200); // gateway -> hello -> sum
            assertThat(gateway.get("/sum/v1/sum/1/" + i).status().code()).isEqualTo(200);    // gateway -> sum
        }
        final BlockingWebClient controlPlane = WebClient.of(mesh.controlPlaneHttp().toString()).blocking();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            final JsonNode traffic = JSON.readTree(controlPlane.get("/api/v1/traffic").contentUtf8());
            assertThat(traffic.get("windowSeconds").asLong()).isEqualTo(60);
            for (String edge : List.of("gateway->hello", "hello->sum", "gateway->sum")) {
                final JsonNode found = edge(traffic, edge);
                assertThat(found).as("edge %s in %s", edge, traffic).isNotNull();
                final JsonNode total = found.get("total");
                assertThat(total.get("requests").asLong()).as(edge).isGreaterThanOrEqualTo(20);
                assertThat(total.get("rps").asDouble()).as(edge).isPositive();
                // Other scenarios of this class share the window (and a restart fails some), so not 1.0 here.
                assertThat(total.get("successRate").asDouble()).as(edge).isPositive().isLessThanOrEqualTo(1.0);
                assertThat(total.get("p50Ms").asDouble()).as(edge).isPositive()
                                                      .isLessThanOrEqualTo(total.get("p99Ms").asDouble());
            }
            // Both sum instances answered, and each reported its own share.
            assertThat(edge(traffic, "gateway->sum").get("instances")).extracting(i -> i.get("instanceId").asText())
                                                                     .containsExactlyInAnyOrder("sum-1", "sum-2");
        });
    }

    private static JsonNode edge(JsonNode traffic, String edge) {
        for (JsonNode e : traffic.get("edges")) {
            if ((e.get("source").asText() + "->" + e.get("destination").asText()).equals(edge)) {
                return e;
            }
        }
        return null;
    }

    @Override
    RunningMesh mesh() {
        return mesh;
    }
}
