package io.weft.sidecar.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.ClientFactory;

import io.weft.common.consul.ConsulRegistrar;
import io.weft.common.consul.ServiceRegistration;
import io.weft.controlplane.testing.ConsulStandInExtension;
import io.weft.devmesh.consul.catalog.CheckDefinition;
import io.weft.devmesh.consul.catalog.HealthCheck;
import io.weft.devmesh.consul.catalog.ServiceInstance;

/** The shared registrar ({@code common}) against the Consul stand-in, with what a sidecar registers. */
class ConsulRegistrarTest {

    @RegisterExtension
    static final ConsulStandInExtension consul = new ConsulStandInExtension();

    private static final ClientFactory factory = ClientFactory.builder().build();

    private static final ServiceRegistration SUM_1 = new ServiceRegistration(
            "sum-1", "sum", "127.0.0.1", 21001, List.of("weft"), Map.of("weft-protocol", "grpc"),
            "http://127.0.0.1:15000/healthz", "2s");

    @AfterAll
    static void closeFactory() {
        factory.close();
    }

    @Test
    void theServiceDefinitionUsesConsulsFieldNames() throws Exception {
        final JsonNode body = new ObjectMapper().readTree(ConsulRegistrar.serviceDefinition(SUM_1));
        assertThat(body).isEqualTo(new ObjectMapper().readTree(
                "{\"ID\":\"sum-1\",\"Name\":\"sum\",\"Tags\":[\"weft\"],\"Address\":\"127.0.0.1\",\"Port\":21001,"
                + "\"Meta\":{\"weft-protocol\":\"grpc\"},"
                + "\"Check\":{\"HTTP\":\"http://127.0.0.1:15000/healthz\",\"Interval\":\"2s\",\"Timeout\":\"2s\","
                + "\"DeregisterCriticalServiceAfter\":\"1m\"}}"));
    }

    @Test
    void registersWithAnHttpCheckAndDeregisters() {
        final ConsulRegistrar registrar = new ConsulRegistrar(consul.uri(), factory);
        registrar.register(SUM_1).join();

        final ServiceInstance registered = consul.standIn().catalog().agentServices().value().get("sum-1");
        assertThat(registered).isNotNull();
        assertThat(registered.name()).isEqualTo("sum");
        assertThat(registered.address()).isEqualTo("127.0.0.1");
        assertThat(registered.port()).isEqualTo(21001);
        assertThat(registered.tags()).containsExactly("weft");
        assertThat(registered.meta()).containsExactlyEntriesOf(Map.of("weft-protocol", "grpc"));
        final List<CheckDefinition> checks = consul.standIn().catalog().agentChecks().value().values().stream()
                                                   .filter(c -> "sum-1".equals(c.serviceId()))
                                                   .map(HealthCheck::definition).toList();
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).http()).isEqualTo("http://127.0.0.1:15000/healthz");
        assertThat(checks.get(0).interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(checks.get(0).timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(checks.get(0).deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(1));

        registrar.deregister("sum-1").join();
        assertThat(consul.standIn().catalog().agentServices().value()).doesNotContainKey("sum-1");
    }

    @Test
    void aRefusalNamesTheCallAndConsulsAnswer() {
        final ConsulRegistrar registrar = new ConsulRegistrar(consul.uri(), factory);
        assertThatThrownBy(() -> registrar.deregister("no such id").join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PUT " + consul.uri() + "/v1/agent/service/deregister/no%20such%20id")
                .hasMessageContaining("Consul answered 404")
                .hasMessageContaining("(expected: 200 OK)");
    }
}
