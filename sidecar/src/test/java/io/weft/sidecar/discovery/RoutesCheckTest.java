package io.weft.sidecar.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.HeaderMatch;
import io.weft.protocol.v1.LoadBalancer;
import io.weft.protocol.v1.Resolver;
import io.weft.protocol.v1.ResourceType;
import io.weft.protocol.v1.Route;
import io.weft.protocol.v1.RouteDestination;
import io.weft.protocol.v1.RouteMatch;
import io.weft.protocol.v1.RouteNode;
import io.weft.protocol.v1.RouteTarget;
import io.weft.protocol.v1.Router;
import io.weft.protocol.v1.Routes;
import io.weft.protocol.v1.Split;
import io.weft.protocol.v1.Splitter;

/** ROUTES replace the last good ones only when the sidecar can walk them; otherwise they are NACKed. */
class RoutesCheckTest {

    private static final String V1 = "v1.sum.default.default.dc1";
    private static final String V2 = "v2.sum.default.default.dc1";

    private static Routes.Builder canary() {
        return Routes.newBuilder().setService("sum").setVersion(7).setProtocol("grpc")
                     .setStartNode("router:sum.default.default")
                     .putNodes("router:sum.default.default", RouteNode.newBuilder().setRouter(Router.newBuilder()
                             .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().addHeaders(
                                     HeaderMatch.newBuilder().setName("x-canary").setRegex("1|yes")))
                                             .setNextNode("resolver:" + V2))
                             .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPathPrefix("/"))
                                             .setNextNode("splitter:sum.default.default"))).build())
                     .putNodes("splitter:sum.default.default", RouteNode.newBuilder().setSplitter(Splitter.newBuilder()
                             .addSplits(Split.newBuilder().setWeight(90).setNextNode("resolver:" + V1))
                             .addSplits(Split.newBuilder().setWeight(10).setNextNode("resolver:" + V2))).build())
                     .putNodes("resolver:" + V1, resolver(V1))
                     .putNodes("resolver:" + V2, resolver(V2))
                     .putTargets(V1, RouteTarget.newBuilder().setId(V1).setService("sum").addInstanceIds("sum-1").build())
                     .putTargets(V2, RouteTarget.newBuilder().setId(V2).setService("sum").addInstanceIds("sum-2").build());
    }

    private static RouteNode resolver(String target) {
        return RouteNode.newBuilder().setResolver(Resolver.newBuilder().setTarget(target)).build();
    }

    private static ControlMessage message(Routes.Builder routes) {
        return ControlMessage.newBuilder().setRoutes(routes).build();
    }

    @Test
    void aChainTheSidecarCanWalkBecomesItsRoutes() {
        final ControlMessage m = message(canary());
        assertThat(ResourceDecoder.idOf(m)).isEqualTo(new ResourceId(ResourceType.ROUTES, "sum"));
        assertThat(ResourceDecoder.versionOf(m)).isEqualTo(7);
        final MeshState state = ResourceDecoder.stateChange(m).apply(MeshState.EMPTY);
        assertThat(state.routesOf("sum")).isEqualTo(m.getRoutes());
        assertThat(state.routesOf("hello")).isNull();
    }

    @Test
    void aDanglingNodeOrTargetABadRegexOrWeightsOffAHundredAreRefused() {
        assertThatThrownBy(() -> ResourceDecoder.stateChange(message(canary().setStartNode("router:nope"))))
                .hasMessageContaining("start node: no node 'router:nope'");
        assertThatThrownBy(() -> ResourceDecoder.stateChange(message(canary().removeTargets(V2))))
                .hasMessageContaining("no target '" + V2 + "'");
        assertThatThrownBy(() -> ResourceDecoder.stateChange(message(canary().putNodes(
                "router:sum.default.default", RouteNode.newBuilder().setRouter(Router.newBuilder().addRoutes(
                        Route.newBuilder().setMatch(RouteMatch.newBuilder().setPathRegex("(")).setNextNode(
                                "resolver:" + V1))).build()))))
                .hasMessageContaining("regular expression '('");
        assertThatThrownBy(() -> ResourceDecoder.stateChange(message(canary().putNodes(
                "splitter:sum.default.default", RouteNode.newBuilder().setSplitter(Splitter.newBuilder().addSplits(
                        Split.newBuilder().setWeight(90).setNextNode("resolver:" + V1))).build()))))
                .hasMessageContaining("split weights add up to 90.0 (expected: 100)");
    }

    @Test
    void aRetryConditionOrLoadBalancerTheSidecarDoesNotKnowIsRefused() {
        assertThatThrownBy(() -> ResourceDecoder.stateChange(message(canary().putNodes(
                "router:sum.default.default", RouteNode.newBuilder().setRouter(Router.newBuilder().addRoutes(
                        Route.newBuilder().setMatch(RouteMatch.newBuilder().setPathPrefix("/"))
                             .setDestination(RouteDestination.newBuilder().setNumRetries(2).addRetryOn("sometimes"))
                             .setNextNode("resolver:" + V1))).build()))))
                .hasMessageContaining("routes of sum v7: RetryOn: 'sometimes' (expected one of: 5xx,");
        assertThatThrownBy(() -> ResourceDecoder.stateChange(message(canary().putNodes(
                "resolver:" + V1, RouteNode.newBuilder().setResolver(Resolver.newBuilder().setTarget(V1)
                        .setLoadBalancer(LoadBalancer.newBuilder().setPolicy("fastest"))).build()))))
                .hasMessageContaining("LoadBalancer policy: 'fastest' (expected: round_robin, least_request,");
        assertThatThrownBy(() -> ResourceDecoder.stateChange(message(canary().putNodes(
                "resolver:" + V1, RouteNode.newBuilder().setResolver(Resolver.newBuilder().setTarget(V1)
                        .setLoadBalancer(LoadBalancer.newBuilder().setPolicy("ring_hash").setMinimumRingSize(4096)
                                                     .setMaximumRingSize(1024))).build()))))
                .hasMessageContaining("maximumRingSize: 1024 (expected: 4096-");
    }

    @Test
    void routesTheControlPlaneCouldNotCompileAreRefusedAndTheLastGoodOnesStay() {
        final MeshState good = ResourceDecoder.stateChange(message(canary())).apply(MeshState.EMPTY);
        assertThatThrownBy(() -> ResourceDecoder.stateChange(message(Routes.newBuilder().setService("sum")
                .setVersion(8).setError("discovery chain \"sum\" uses inconsistent protocols"))))
                .hasMessageContaining("not applied")
                .hasMessageContaining("the previous routes stay in force");
        assertThat(good.routesOf("sum").getVersion()).isEqualTo(7);
    }
}
