package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;

import io.weft.controlplane.api.MeshStatus;
import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.controlplane.testing.StreamClient;

/** Consul going away: the last snapshot is kept and reported stale, and everything recovers by itself. */
class ConsulOutageTest {

    @RegisterExtension
    final ControlPlaneExtension controlPlanes = new ControlPlaneExtension();
    private ControlPlane controlPlane;

    @BeforeEach
    void setUp() {
        controlPlanes.consul().register("sum", "sum-1", 21001);
        controlPlane = controlPlanes.startControlPlane();
    }

    private MeshStatus status() throws Exception {
        final String body = WebClient.of("http://127.0.0.1:" + controlPlane.httpPort()).get("/api/v1/mesh")
                                     .aggregate().join().contentUtf8();
        return new ObjectMapper().readValue(body, MeshStatus.class);
    }

    @Test
    void keepsTheLastSnapshotWhileConsulIsDownAndRecovers() throws Exception {
        assertThat(status().snapshot().stale()).isFalse();
        final long version = controlPlane.snapshot().version();
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN, "sum"));
            client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 1);

            controlPlanes.consul().standIn().suspend();
            await().atMost(Duration.ofSeconds(10)).until(controlPlane::isStale);
            final MeshStatus stale = status();
            assertThat(stale.snapshot().stale()).isTrue();
            assertThat(stale.snapshot().lastConsulContact()).isNotEmpty();
            assertThat(stale.snapshot().consulWatchErrors()).isPositive();
            assertThat(stale.services().get(0).instances().get(0).id()).isEqualTo("sum-1");
            assertThat(controlPlane.snapshot().version()).isEqualTo(version);
            assertThat(client.latestEndpoints("sum").orElseThrow().getEndpointsCount()).isEqualTo(1);
            final String metrics = WebClient.of("http://127.0.0.1:" + controlPlane.httpPort()).get("/metrics")
                                            .aggregate().join().contentUtf8();
            assertThat(metrics).contains("weft_controlplane_snapshot_stale 1.0");

            controlPlanes.consul().standIn().resume();
            await().atMost(Duration.ofSeconds(10)).until(() -> !controlPlane.isStale());
            assertThat(status().snapshot().stale()).isFalse();

            // Changes flow again after recovery.
            controlPlanes.consul().register("sum", "sum-2", 21002);
            client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 2);
        }
    }

    @Test
    void consulRestartedEmptyOnTheSamePortIsFollowed() throws Exception {
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(StreamClient.hello("hello", ControlPlaneExtension.TOKEN, "sum"));
            client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 1);

            // A new, empty Consul: its indexes start low again (they went backwards), sum is gone.
            controlPlanes.consul().restart();
            client.awaitEndpoints("sum", e -> e.getRemoved());
            controlPlanes.consul().register("sum", "sum-9", 21009);
            final var endpoints = client.awaitEndpoints("sum", e -> e.getEndpointsCount() == 1);
            assertThat(endpoints.getEndpoints(0).getInstanceId()).isEqualTo("sum-9");
            await().until(() -> !controlPlane.isStale());
        }
    }
}
