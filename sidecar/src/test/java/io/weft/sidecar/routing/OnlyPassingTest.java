package io.weft.sidecar.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;

import io.weft.protocol.v1.Resolver;
import io.weft.protocol.v1.RouteNode;
import io.weft.protocol.v1.RouteTarget;
import io.weft.protocol.v1.Routes;
import io.weft.protocol.v1.Split;
import io.weft.protocol.v1.Splitter;
import io.weft.sidecar.discovery.MeshEndpoint;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.discovery.ServiceEndpoints;

/**
 * Consul's health rule per cluster: a service's own cluster (its default chain) and a subset that is not
 * OnlyPassing balance over passing and warning instances; an OnlyPassing subset over passing ones only.
 */
class OnlyPassingTest {
    private static final String V1 = "v1.sum.default.default.dc1";
    private static final String V2 = "v2.sum.default.default.dc1";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ClientFactory factory = ClientFactory.builder().build();
    private final Upstreams upstreams =
            TestUpstreams.of(TestUpstreams.factories(factory, Duration.ofSeconds(1), scheduler, Duration.ZERO));

    @AfterEach
    void tearDown() {
        upstreams.close();
        factory.close();
        scheduler.shutdownNow();
    }

    private static MeshEndpoint endpoint(String id, int port, boolean passing) {
        return new MeshEndpoint(id, "127.0.0.1", port, "http", 1, "", "", Map.of(), passing);
    }

    private static RouteNode resolver(String target) {
        return RouteNode.newBuilder().setResolver(Resolver.newBuilder().setTarget(target)).build();
    }

    private static List<Integer> ports(Upstream upstream) {
        return upstream.cluster().endpointGroup().endpoints().stream().map(Endpoint::port).sorted().toList();
    }

    @Test
    void warningInstancesGetTrafficExceptThroughAnOnlyPassingSubset() {
        final ServiceEndpoints sum = new ServiceEndpoints("sum", 1, List.of(
                endpoint("sum-1", 1001, true), endpoint("sum-2", 1002, false),
                endpoint("sum-3", 1003, true), endpoint("sum-4", 1004, false)));
        final Routes routes = Routes.newBuilder().setService("sum").setVersion(1).setProtocol("http")
                .setStartNode("splitter:sum")
                .putNodes("splitter:sum", RouteNode.newBuilder().setSplitter(Splitter.newBuilder()
                        .addSplits(Split.newBuilder().setWeight(50).setNextNode("resolver:" + V1))
                        .addSplits(Split.newBuilder().setWeight(50).setNextNode("resolver:" + V2))).build())
                .putNodes("resolver:" + V1, resolver(V1)).putNodes("resolver:" + V2, resolver(V2))
                // the control plane leaves warning members out of an OnlyPassing subset too; the sidecar does
                // not count on it (a member may turn warning between two ROUTES)
                .putTargets(V1, RouteTarget.newBuilder().setId(V1).setService("sum")
                                           .addAllInstanceIds(List.of("sum-1", "sum-2")).build())
                .putTargets(V2, RouteTarget.newBuilder().setId(V2).setService("sum").setOnlyPassing(true)
                                           .addAllInstanceIds(List.of("sum-3", "sum-4")).build())
                .build();
        upstreams.onMeshState(new MeshState(null, null, 0, Map.of("sum", sum), null, Map.of("sum", routes)));

        assertThat(ports(upstreams.get("sum"))).containsExactly(1001, 1002, 1003, 1004);
        assertThat(ports(upstreams.get(V1))).containsExactly(1001, 1002);
        assertThat(ports(upstreams.get(V2))).containsExactly(1003);
    }
}
