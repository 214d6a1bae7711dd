package io.weft.sidecar.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.ClientFactory;

import io.weft.controlplane.testing.ConsulStandInExtension;

class ControlPlaneReplicasTest {

    @RegisterExtension
    static final ConsulStandInExtension consul = new ConsulStandInExtension();

    private static final ClientFactory factory = ClientFactory.builder().build();

    @AfterAll
    static void closeFactory() {
        factory.close();
    }

    @Test
    void aListIsTakenAsGivenAndABadEntryIsNamed() {
        assertThat(ControlPlaneReplicas.of("cp-1:15012, cp-2:15012,[::1]:15012", consul.uri(), factory)
                                       .addresses().join())
                .containsExactly("cp-1:15012", "cp-2:15012", "[::1]:15012");
        assertThat(ControlPlaneReplicas.of("127.0.0.1:15012", consul.uri(), factory).addresses().join())
                .containsExactly("127.0.0.1:15012");
        assertThatThrownBy(() -> ControlPlaneReplicas.parseList("cp-1:15012,cp-2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("control-plane: 'cp-2' in 'cp-1:15012,cp-2' (expected: consul, or host:port[,host:port...])");
        assertThatThrownBy(() -> ControlPlaneReplicas.parseList("cp-1:70000"))
                .hasMessageContaining("'cp-1:70000'");
        assertThatThrownBy(() -> ControlPlaneReplicas.parseList("cp-1:15012,"))
                .hasMessageContaining("''");
    }

    @Test
    void consulGivesThePassingReplicasOnly() {
        consul.register("weft-control-plane", "cp-a", 15012);
        consul.register("weft-control-plane", "cp-b", 15112);
        consul.register("sum", "sum-1", 21001);
        final ControlPlaneReplicas replicas = ControlPlaneReplicas.of("consul", consul.uri(), factory);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(replicas.addresses().join()).containsExactlyInAnyOrder("127.0.0.1:15012",
                                                                                       "127.0.0.1:15112"));
        consul.failCheck("cp-b");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(replicas.addresses().join()).containsExactly("127.0.0.1:15012"));
        consul.deregister("cp-a");
        consul.deregister("cp-b");
        consul.deregister("sum-1");
        assertThat(replicas.addresses().join()).isEmpty();
    }

    @Test
    void anEntryWithoutAServiceAddressUsesTheNodesAndIpv6IsBracketed() throws Exception {
        final ObjectMapper json = new ObjectMapper();
        assertThat(ConsulReplicas.addressesOf(json.valueToTree(List.of(
                Map.of("Node", Map.of("Address", "10.0.0.9"), "Service", Map.of("Address", "", "Port", 15012)),
                Map.of("Node", Map.of("Address", "10.0.0.9"), "Service", Map.of("Address", "fd00::7", "Port", 15012)),
                Map.of("Node", Map.of("Address", "10.0.0.9"), "Service", Map.of("Address", "cp", "Port", 0))))))
                .containsExactly("10.0.0.9:15012", "[fd00::7]:15012");
    }
}
