package io.weft.controlplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.weft.controlplane.snapshot.Health;
import io.weft.controlplane.snapshot.IntentionAction;
import io.weft.controlplane.snapshot.ServiceInstance;
import io.weft.controlplane.snapshot.SnapshotCache;
import io.weft.controlplane.snapshot.SnapshotChange;
import io.weft.protocol.v1.ControlMessage;
import io.weft.protocol.v1.RouteTarget;
import io.weft.protocol.v1.Routes;

/** ROUTES on the stream: the chain of each upstream, its targets' members, and the endpoints they need. */
class RoutesSubscriptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Sent(String key, long version, ControlMessage message) {}

    private final List<Sent> sent = new ArrayList<>();
    private final Subscription.Sink sink = (key, message, version) -> sent.add(new Sent(key.toString(), version,
                                                                                        message));
    private final SnapshotCache cache = new SnapshotCache(Clock.systemUTC(), IntentionAction.ALLOW, "dc1");
    private final List<SnapshotChange> changes = new ArrayList<>();

    private static ServiceInstance instance(String id, String version, String... tags) {
        return new ServiceInstance(id, "10.0.0.1", 21000, "grpc", 1, "", Map.of("weft-protocol", "grpc",
                                                                                  "version", version),
                                   Health.PASSING, List.of(tags));
    }

    private static List<JsonNode> json(String... entries) throws Exception {
        final List<JsonNode> out = new ArrayList<>();
        for (String e : entries) {
            out.add(JSON.readTree(e));
        }
        return out;
    }

    private List<String> keys() {
        return sent.stream().map(Sent::key).toList();
    }

    private Routes routes(String service) {
        return sent.stream().filter(s -> s.key().equals("routes/" + service)).reduce((a, b) -> b).orElseThrow()
                   .message().getRoutes();
    }

    private ChangeMessages lastChange() {
        return new ChangeMessages(changes.get(changes.size() - 1), "weft.local", "dc1");
    }

    @Test
    void subsetMembersComeFromTheResolversFiltersOverMetaAndTags() throws Exception {
        cache.putService("sum", List.of(instance("sum-1", "v1"), instance("sum-2", "v2", "canary")));
        cache.putConfigEntries("service-defaults", json("{\"Kind\":\"service-defaults\",\"Name\":\"sum\"," +
                                                        "\"Protocol\":\"grpc\"}"));
        cache.putConfigEntries("service-resolver", json(
                "{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"DefaultSubset\":\"v1\",\"Subsets\":{" +
                "\"v1\":{\"Filter\":\"Service.Meta.version == v1\"},\"canary\":{\"Filter\":\"canary in Service.Tags\"}}}"));
        cache.putConfigEntries("service-splitter", json(
                "{\"Kind\":\"service-splitter\",\"Name\":\"sum\",\"Splits\":[{\"Weight\":90,\"ServiceSubset\":\"v1\"}," +
                "{\"Weight\":10,\"ServiceSubset\":\"canary\"}]}"));

        new Subscription("hello", false, Set.of("sum"))
                .fullState(ChangeMessages.fullState(cache.current(), "weft.local", "dc1"), sink);
        assertThat(keys()).containsExactly("trust_bundle", "endpoints/sum", "routes/sum", "intentions/hello");
        final Routes routes = routes("sum");
        assertThat(routes.getProtocol()).isEqualTo("grpc");
        assertThat(routes.getIsDefault()).isFalse();
        assertThat(routes.getStartNode()).isEqualTo("splitter:sum.default.default");
        assertThat(routes.getNodesOrThrow(routes.getStartNode()).getSplitter().getSplitsList())
                .extracting(s -> s.getWeight()).containsExactly(90.0, 10.0);
        assertThat(routes.getTargetsMap()).containsOnlyKeys("v1.sum.default.default.dc1",
                                                            "canary.sum.default.default.dc1");
        assertThat(routes.getTargetsOrThrow("v1.sum.default.default.dc1").getInstanceIdsList())
                .containsExactly("sum-1");
        assertThat(routes.getTargetsOrThrow("canary.sum.default.default.dc1").getInstanceIdsList())
                .containsExactly("sum-2");
    }

    @Test
    void newInstancesChangeTheMembersAndSoTheRoutesButNotADefaultChain() throws Exception {
        cache.putService("sum", List.of(instance("sum-1", "v1")));
        cache.putService("hello", List.of(instance("hello-1", "v1")));
        cache.putConfigEntries("service-resolver", json(
                "{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"DefaultSubset\":\"v1\",\"Subsets\":{" +
                "\"v1\":{\"Filter\":\"Service.Meta.version == v1\"}}}"));
        cache.addListener(changes::add);
        cache.putService("sum", List.of(instance("sum-1", "v1"), instance("sum-3", "v1")));
        new Subscription("gateway", false, Set.of("sum", "hello")).changes(lastChange(), sink);
        assertThat(keys()).containsExactlyInAnyOrder("endpoints/sum", "routes/sum");
        assertThat(routes("sum").getTargetsOrThrow("v1.sum.default.default.dc1").getInstanceIdsList())
                .containsExactly("sum-1", "sum-3");

        sent.clear();
        cache.putService("hello", List.of(instance("hello-1", "v1"), instance("hello-2", "v1")));
        new Subscription("gateway", false, Set.of("sum", "hello")).changes(lastChange(), sink);
        assertThat(keys()).containsExactly("endpoints/hello"); // hello's chain is the default one
    }

    @Test
    void aChainThatNowEndsAtAnotherServiceBringsThatServicesEndpoints() throws Exception {
        cache.putService("sum", List.of(instance("sum-1", "v1")));
        cache.putService("sum-next", List.of(instance("sum-next-1", "v1")));
        cache.addListener(changes::add);
        cache.putConfigEntries("service-resolver", json(
                "{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"Redirect\":{\"Service\":\"sum-next\"}}"));
        new Subscription("hello", false, Set.of("sum")).changes(lastChange(), sink);
        assertThat(keys()).containsExactlyInAnyOrder("routes/sum", "endpoints/sum-next");
        assertThat(routes("sum").getStartNode()).isEqualTo("resolver:sum-next.default.default.dc1");
        final RouteTarget target = routes("sum").getTargetsOrThrow("sum-next.default.default.dc1");
        assertThat(target.getService()).isEqualTo("sum-next");
        assertThat(target.getInstanceIdsList()).containsExactly("sum-next-1");
    }

    @Test
    void aChainThatCannotCompileIsSentWithItsErrorAndNothingElse() throws Exception {
        cache.putService("sum", List.of(instance("sum-1", "v1")));
        cache.putConfigEntries("service-router", json("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[]}"));
        new Subscription("hello", false, Set.of("sum"))
                .fullState(ChangeMessages.fullState(cache.current(), "weft.local", "dc1"), sink);
        final Routes routes = routes("sum");
        assertThat(routes.getError()).contains("does not permit advanced routing");
        assertThat(routes.getNodesCount()).isZero();
    }
}
