package io.weft.sidecar.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;

import io.weft.common.consul.ConsulRegistrar;
import io.weft.common.consul.SelfRegistration;
import io.weft.common.consul.ServiceRegistration;
import io.weft.controlplane.testing.ConsulStandInExtension;

/**
 * A Consul agent that forgets an instance (restarted without its state, as the soak's Consul restart does)
 * gets it back from the instance's own registration; a deregistered instance stays gone.
 */
class SelfRegistrationTest {

    @RegisterExtension
    static final ConsulStandInExtension consul = new ConsulStandInExtension();

    private static final ClientFactory factory = ClientFactory.builder().build();
    private static final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    private static final ServiceRegistration SUM_7 = new ServiceRegistration(
            "sum-7", "sum", "127.0.0.1", 21007, List.of("weft"), Map.of("weft-protocol", "grpc"),
            "http://127.0.0.1:15007/healthz", "2s");

    @AfterAll
    static void close() {
        scheduler.shutdownNow();
        factory.close();
    }

    @Test
    void anInstanceTheAgentForgotIsRegisteredAgainUntilItIsDeregistered() {
        final ConsulRegistrar registrar = new ConsulRegistrar(consul.uri(), factory);
        final SelfRegistration registration =
                new SelfRegistration(registrar, consul.uri(), scheduler, Duration.ofMillis(100));
        registration.register(SUM_7);
        await().atMost(Duration.ofSeconds(10)).until(() -> listed("sum-7"));
        assertThat(registrar.isRegistered("sum-7").join()).isTrue();

        registrar.deregister("sum-7").join(); // what the agent's restart does behind the instance's back
        await().atMost(Duration.ofSeconds(10)).until(() -> listed("sum-7"));
        assertThat(consul.standIn().catalog().agentServices().value().get("sum-7").port()).isEqualTo(21007);

        registration.deregister().join();
        assertThat(listed("sum-7")).isFalse();
        assertThat(registrar.isRegistered("sum-7").join()).isFalse();
    }

    private static boolean listed(String id) {
        return consul.standIn().catalog().agentServices().value().containsKey(id);
    }
}
