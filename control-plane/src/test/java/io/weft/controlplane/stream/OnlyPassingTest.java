package io.weft.controlplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.weft.controlplane.snapshot.Health;
import io.weft.controlplane.snapshot.IntentionAction;
import io.weft.controlplane.snapshot.ServiceInstance;
import io.weft.controlplane.snapshot.SnapshotCache;
import io.weft.protocol.v1.Endpoint;
import io.weft.protocol.v1.Endpoints;
import io.weft.protocol.v1.RouteTarget;
import io.weft.protocol.v1.Routes;

/**
 * Instances whose worst check is warning travel apart from the passing ones (an older sidecar never sees them),
 * critical ones never; a subset's members include warning instances unless it says OnlyPassing, as Consul
 * hands endpoints to Envoy ({@code calculateEndpointHealthAndWeight}).
 */
class OnlyPassingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SnapshotCache cache = new SnapshotCache(Clock.systemUTC(), IntentionAction.ALLOW, "dc1");

    private static ServiceInstance instance(String id, String version, Health health) {
        return new ServiceInstance(id, "10.0.0.1", 21000, "grpc", 1, "",
                                   Map.of("weft-protocol", "grpc", "version", version), health);
    }

    private static List<JsonNode> json(String... entries) throws Exception {
        final List<JsonNode> out = new ArrayList<>();
        for (String e : entries) {
            out.add(JSON.readTree(e));
        }
        return out;
    }

    @Test
    void warningInstancesTravelApartAndCriticalOnesNever() {
        cache.putService("sum", List.of(instance("sum-1", "v1", Health.PASSING), instance("sum-2", "v1", Health.WARNING),
                                        instance("sum-3", "v1", Health.CRITICAL)));
        final Endpoints sent = ProtoResources.endpoints(cache.current(), "sum", "weft.local", "dc1").getEndpoints();
        assertThat(sent.getEndpointsList()).extracting(Endpoint::getInstanceId).containsExactly("sum-1");
        assertThat(sent.getWarningEndpointsList()).extracting(Endpoint::getInstanceId).containsExactly("sum-2");
        assertThat(sent.getWarningEndpoints(0).getSpiffeId()).isEqualTo(sent.getEndpoints(0).getSpiffeId());
    }

    @Test
    void aSubsetTakesWarningInstancesUnlessItIsOnlyPassing() throws Exception {
        cache.putService("sum", List.of(instance("sum-1", "v1", Health.PASSING), instance("sum-2", "v1", Health.WARNING),
                                        instance("sum-3", "v2", Health.PASSING), instance("sum-4", "v2", Health.WARNING),
                                        instance("sum-5", "v2", Health.CRITICAL)));
        cache.putConfigEntries("service-defaults", json("{\"Kind\":\"service-defaults\",\"Name\":\"sum\"," +
                                                        "\"Protocol\":\"grpc\"}"));
        cache.putConfigEntries("service-resolver", json(
                "{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"DefaultSubset\":\"v1\",\"Subsets\":{" +
                "\"v1\":{\"Filter\":\"Service.Meta.version == v1\"}," +
                "\"v2\":{\"Filter\":\"Service.Meta.version == v2\",\"OnlyPassing\":true}}}"));
        cache.putConfigEntries("service-splitter", json(
                "{\"Kind\":\"service-splitter\",\"Name\":\"sum\",\"Splits\":[{\"Weight\":50,\"ServiceSubset\":\"v1\"}," +
                "{\"Weight\":50,\"ServiceSubset\":\"v2\"}]}"));

        final Routes routes = RouteResources.routes(cache.current(), "sum").getRoutes();
        final RouteTarget v1 = routes.getTargetsOrThrow("v1.sum.default.default.dc1");
        assertThat(v1.getInstanceIdsList()).containsExactly("sum-1", "sum-2");
        assertThat(v1.getOnlyPassing()).isFalse();
        final RouteTarget v2 = routes.getTargetsOrThrow("v2.sum.default.default.dc1");
        assertThat(v2.getInstanceIdsList()).containsExactly("sum-3");
        assertThat(v2.getOnlyPassing()).isTrue();
    }
}
