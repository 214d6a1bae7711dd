package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.weft.controlplane.testing.ControlPlaneExtension;
import io.weft.controlplane.testing.StreamClient;
import io.weft.protocol.v1.Hello;

/** 1,000 services with 3 instances each, through Consul, the watches and the stream. Functional, not timed. */
class ScaleTest {

    private static final int SERVICES = 1000;
    private static final int INSTANCES = 3;

    @RegisterExtension
    final ControlPlaneExtension controlPlanes = new ControlPlaneExtension();

    @Test
    void aThousandServicesWithThreeInstancesEach() throws Exception {
        for (int s = 0; s < SERVICES; s++) {
            for (int i = 0; i < INSTANCES; i++) {
                controlPlanes.consul().register("svc-" + s, "svc-" + s + '-' + i, 20000 + i);
            }
        }
        final ControlPlane controlPlane =
                controlPlanes.startControlPlane(controlPlanes.config().consulMinInterval(Duration.ZERO).build());
        await().atMost(Duration.ofMinutes(2))
               .until(() -> controlPlane.snapshot().instanceCount() == SERVICES * INSTANCES);
        assertThat(controlPlane.snapshot().services()).hasSize(SERVICES);

        final Hello all = StreamClient.hello("gateway", ControlPlaneExtension.TOKEN).toBuilder()
                                      .setAllUpstreams(true).build();
        try (StreamClient client = controlPlanes.connect()) {
            client.hello(all);
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                for (int s = 0; s < SERVICES; s++) {
                    if (client.latestEndpoints("svc-" + s).filter(e -> e.getEndpointsCount() == INSTANCES).isEmpty()) {
                        return false;
                    }
                }
                return true;
            });
        }
    }
}
