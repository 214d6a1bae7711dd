package io.weft.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.ecwid.consul.v1.health.model.Check;
import com.ecwid.consul.v1.health.model.HealthService;

import io.weft.controlplane.snapshot.Health;
import io.weft.controlplane.snapshot.ServiceInstance;

class ConsulHealthMapperTest {

    static HealthService entry(String id, String serviceAddress, String nodeAddress, Integer port,
                               Map<String, String> meta, Check.CheckStatus... statuses) {
        final HealthService entry = new HealthService();
        final HealthService.Node node = new HealthService.Node();
        node.setNode("node-1");
        node.setAddress(nodeAddress);
        entry.setNode(node);
        final HealthService.Service service = new HealthService.Service();
        service.setId(id);
        service.setService("sum");
        service.setAddress(serviceAddress);
        service.setPort(port);
        service.setMeta(meta);
        entry.setService(service);
        entry.setChecks(java.util.Arrays.stream(statuses).map(s -> {
            final Check check = new Check();
            check.setStatus(s);
            return check;
        }).toList());
        return entry;
    }

    @Test
    void mapsAMeshInstance() {
        final ServiceInstance instance = ConsulHealthMapper.toInstance(
                entry("sum-1", "10.0.0.5", "10.0.0.1", 21000,
                      Map.of("weft-protocol", "grpc", "weft-weight", "3", "weft-zone", "a", "team", "x"),
                      Check.CheckStatus.PASSING)).orElseThrow();
        assertThat(instance).isEqualTo(new ServiceInstance(
                "sum-1", "10.0.0.5", 21000, "grpc", 3, "a",
                Map.of("weft-protocol", "grpc", "weft-weight", "3", "weft-zone", "a", "team", "x"),
                Health.PASSING));
    }

    @Test
    void fallsBackToTheNodeAddress() {
        assertThat(ConsulHealthMapper.toInstance(
                entry("sum-1", "", "10.0.0.1", 21000, Map.of("weft-protocol", "http"))).orElseThrow().address())
                .isEqualTo("10.0.0.1");
        assertThat(ConsulHealthMapper.toInstance(
                entry("sum-1", null, "10.0.0.2", 21000, Map.of("weft-protocol", "http"))).orElseThrow().address())
                .isEqualTo("10.0.0.2");
    }

    @Test
    void invalidWeightBecomesOne() {
        for (String weight : List.of("0", "-2", "heavy", "")) {
            assertThat(ConsulHealthMapper.toInstance(
                    entry("sum-1", "10.0.0.5", "", 21000, Map.of("weft-protocol", "grpc", "weft-weight", weight)))
                                         .orElseThrow().weight()).as(weight).isEqualTo(1);
        }
    }

    @Test
    void skipsWhatIsNotAMeshInstance() {
        assertThat(ConsulHealthMapper.toInstance(entry("web-1", "10.0.0.5", "", 80, Map.of()))).isEmpty();
        assertThat(ConsulHealthMapper.toInstance(entry("web-1", "10.0.0.5", "", 80, null))).isEmpty();
        assertThat(ConsulHealthMapper.toInstance(
                entry("sum-1", "10.0.0.5", "", 80, Map.of("weft-protocol", "thrift")))).isEmpty();
        assertThat(ConsulHealthMapper.toInstance(
                entry("sum-1", "10.0.0.5", "", 0, Map.of("weft-protocol", "grpc")))).isEmpty();
    }

    @Test
    void healthIsTheWorstCheck() {
        assertThat(ConsulHealthMapper.toInstance(
                entry("sum-1", "10.0.0.5", "", 21000, Map.of("weft-protocol", "grpc"),
                      Check.CheckStatus.PASSING, Check.CheckStatus.WARNING)).orElseThrow().health())
                .isEqualTo(Health.WARNING);
    }
}
