package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;

import io.weft.certs.Pem;
import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.controlplane.testing.StreamClient;
import io.weft.protocol.v1.ControlMessage;

class StatusApiTest {

    @RegisterExtension
    static final ControlPlaneExtension controlPlanes = new ControlPlaneExtension();
    private static ControlPlane controlPlane;
    private static WebClient http;

    @BeforeAll
    static void setUp() {
        controlPlanes.consul().register("sum", "sum-1", 21001, Map.of("weft-weight", "5", "weft-zone", "z1"));
        controlPlane = controlPlanes.startControlPlane();
        http = WebClient.of("http://127.0.0.1:" + controlPlane.httpPort());
    }

    private static AggregatedHttpResponse get(String path) {
        return http.get(path).aggregate().join();
    }

    @Test
    void meshDocumentShowsSnapshotServicesIntentionsAndSidecars() throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN, "sum"));
            client.csr(controlPlanes.csrFor("hello"));
            client.await(ControlMessage::hasCertificate);
            await().until(() -> controlPlane.sidecars().stream()
                                            .anyMatch(s -> s.resources().containsKey("certificate") &&
                                                           s.resources().get("certificate").acked() == 1));

            final AggregatedHttpResponse res = get("/api/v1/mesh");
            assertThat(res.status()).isEqualTo(HttpStatus.OK);
            assertThat(res.contentType().isJson()).isTrue();
            final JsonNode mesh = new ObjectMapper().readTree(res.contentUtf8());
            assertThat(mesh.at("/snapshot/version").asLong()).isEqualTo(controlPlane.snapshot().version());
            assertThat(mesh.at("/snapshot/stale").asBoolean()).isFalse();
            assertThat(mesh.at("/snapshot/ready").asBoolean()).isTrue();
            assertThat(mesh.at("/snapshot/lastConsulContact").asText()).isNotEmpty();
            assertThat(mesh.at("/services/0/name").asText()).isEqualTo("sum");
            final JsonNode instance = mesh.at("/services/0/instances/0");
            assertThat(instance.get("id").asText()).isEqualTo("sum-1");
            assertThat(instance.get("weight").asInt()).isEqualTo(5);
            assertThat(instance.get("zone").asText()).isEqualTo("z1");
            assertThat(instance.get("health").asText()).isEqualTo("passing");
            assertThat(mesh.at("/intentions/defaultAction").asText()).isEqualTo("allow");
            final JsonNode sidecar = mesh.at("/sidecars/0");
            assertThat(sidecar.get("service").asText()).isEqualTo("hello");
            assertThat(sidecar.get("instanceId").asText()).isEqualTo("hello-test");
            assertThat(sidecar.get("identity").asText()).isEqualTo("spiffe://weft.local/ns/default/dc/dc1/svc/hello");
            assertThat(sidecar.get("certificateNotAfter").asText()).isNotEmpty();
            assertThat(sidecar.at("/resources/certificate/acked").asLong()).isEqualTo(1);
            // Unknown values are written as null, not left out: readers look the names up.
            assertThat(sidecar.at("/resources/certificate").has("nackError")).isTrue();
            assertThat(sidecar.at("/resources/certificate/nackError").isNull()).isTrue();
            assertThat(sidecar.at("/resources/endpoints~1sum/acked").asLong()).isPositive();
        }
    }

    @Test
    void healthAndReadiness() {
        assertThat(get("/healthz").status()).isEqualTo(HttpStatus.OK);
        final AggregatedHttpResponse ready = get("/readyz");
        assertThat(ready.status()).isEqualTo(HttpStatus.OK);
        assertThat(ready.contentUtf8()).startsWith("ready");
    }

    @Test
    void notReadyUntilTheFirstSnapshot(@TempDir Path otherCa) {
        // Consul answers nothing: this control plane never builds its first snapshot.
        try (ControlPlane unready = ControlPlane.start(
                controlPlanes.config().consulUri("http://127.0.0.1:1").caDir(otherCa).build())) {
            final AggregatedHttpResponse res = WebClient.of("http://127.0.0.1:" + unready.httpPort())
                                                        .get("/readyz").aggregate().join();
            assertThat(res.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(res.contentUtf8()).contains("waiting for the first snapshot");
        }
    }

    @Test
    void metricsInPrometheusFormat() throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN, "sum"));
            client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 1);
            await().untilAsserted(() -> {
                final String metrics = get("/metrics").contentUtf8();
                assertThat(metrics).contains("weft_controlplane_sidecars_connected 1.0")
                                   .contains("weft_controlplane_pushes_total{type=\"endpoints\"}")
                                   .contains("weft_controlplane_push_latency_seconds_bucket")
                                   .contains("weft_controlplane_snapshot_version")
                                   .contains("weft_controlplane_snapshot_stale 0.0")
                                   .contains("weft_controlplane_consul_watch_errors_total")
                                   .contains("weft_controlplane_consul_last_contact_seconds");
            });
        }
    }

    @Test
    void docsAreServed() {
        assertThat(get("/docs/").status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void rootPemIsWhereSidecarsLookAndSignsTheStreamCertificate() throws Exception {
        assertThat(controlPlane.rootCaPemFile()).isEqualTo(controlPlanes.ca().directory().resolve("root.pem"));
        assertThat(Pem.parseCertificates(Files.readString(controlPlane.rootCaPemFile()))).hasSize(1);
        assertThat(controlPlane.identity()).isEqualTo("spiffe://weft.local/ns/default/dc/dc1/svc/weft-control-plane");
    }

    @Test
    void occupiedPortIsAClearError() {
        assertThatThrownBy(
                () -> ControlPlane.start(controlPlanes.config().streamPort(controlPlane.streamPort()).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot start the control plane")
                .hasMessageContaining("stream port " + controlPlane.streamPort());
    }

    @Test
    void caOfAnotherMeshIsRefused() {
        assertThatThrownBy(() -> ControlPlane.start(controlPlanes.config().trustDomain("other.example").build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is for trust domain weft.local")
                .hasMessageContaining("expected: other.example");
    }
}
