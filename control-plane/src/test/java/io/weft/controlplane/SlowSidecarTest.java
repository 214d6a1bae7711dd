package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.weft.controlplane.stream.SessionView;
import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.controlplane.testing.StreamClient;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.Hello;

/** A sidecar that never reads must not delay one that does; it holds one pending message per resource. */
class SlowSidecarTest {

    private static final int SERVICES = 20;
    private static final int ROUNDS = 15;

    @RegisterExtension
    final ControlPlaneExtension controlPlanes = new ControlPlaneExtension();
    private ControlPlane controlPlane;

    @BeforeEach
    void setUp() {
        // Keepalives far apart: the stuck sidecar must not be dropped as silent during the test.
        controlPlane = controlPlanes.startControlPlane(
                controlPlanes.config().keepaliveInterval(Duration.ofMinutes(1)).build());
    }

    @Test
    void neverReadingSidecarDoesNotDelayAReadingOne() throws Exception {
        final Hello all = StreamClient.hello("gateway", ControlPlaneExtension.TOKEN).toBuilder()
                                      .setAllUpstreams(true).build();
        try (StreamClient stuck = StreamClient.connectNeverReading(controlPlane.streamPort(),
                                                                   controlPlane.rootCaPemFile());
             StreamClient reader = controlPlanes.connect()) {
            stuck.hello(all.toBuilder().setInstanceId("stuck").build());
            reader.hello(all.toBuilder().setInstanceId("reader").build());
            reader.await(ControlMessage::hasTrustBundle);

            // Many changes of large endpoint sets (~20 KB each, within Consul's meta limits of 64 keys and
            // 512-character values): ~6 MB, far more than the stuck stream's flow-control windows.
            final Map<String, String> padding = new HashMap<>();
            for (int k = 0; k < 40; k++) {
                padding.put("pad-" + k, "x".repeat(500));
            }
            for (int round = 1; round <= ROUNDS; round++) {
                for (int s = 0; s < SERVICES; s++) {
                    final Map<String, String> meta = new HashMap<>(padding);
                    meta.put("round", String.valueOf(round));
                    controlPlanes.consul().register("svc-" + s, "svc-" + s + "-1", 20000 + s, meta);
                }
            }
            for (int s = 0; s < SERVICES; s++) {
                final String service = "svc-" + s;
                reader.awaitEndpoints(service, e -> e.getEndpointsCount() == 1 &&
                                                    String.valueOf(ROUNDS).equals(
                                                            e.getEndpoints(0).getMetaMap().get("round")));
            }

            // The stuck sidecar's session stopped writing (transport not ready) and kept only the
            // latest value per resource, while the reader has ACKed the final version of everything.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                final SessionView stuckView = view("stuck");
                assertThat(stuckView.pending()).isPositive().isLessThanOrEqualTo(SERVICES + 3);
            });
            for (int s = 0; s < SERVICES; s++) {
                final String service = "svc-" + s;
                final long latest = controlPlane.snapshot().service(service).version();
                await().untilAsserted(() -> assertThat(view("reader").resources().get("endpoints/" + service).acked())
                        .isEqualTo(latest));
            }
            assertThat(stuck.received()).isEmpty();
        }
    }

    private SessionView view(String instanceId) {
        return controlPlane.sidecars().stream().filter(s -> s.instanceId().equals(instanceId)).findFirst()
                           .orElseThrow();
    }
}
