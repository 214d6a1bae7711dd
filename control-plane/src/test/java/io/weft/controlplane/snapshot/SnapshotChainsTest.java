package io.weft.controlplane.snapshot;

import static io.weft.controlplane.snapshot.SnapshotCacheTest.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.weft.controlplane.chain.ChainNode;
import io.weft.controlplane.chain.ChainSet;

/** Config entries go into snapshots as compiled chains, versioned per service like endpoints. */
class SnapshotChainsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnapshotCache cache = new SnapshotCache(Clock.systemUTC(), IntentionAction.DENY, "dc1");
    private final List<SnapshotChange> changes = new ArrayList<>();

    static List<JsonNode> json(String... entries) throws Exception {
        final List<JsonNode> out = new ArrayList<>();
        for (String e : entries) {
            out.add(JSON.readTree(e));
        }
        return out;
    }

    @Test
    void everyServiceHasAChainAndOnlyTheChainsThatChangeGetANewVersion() throws Exception {
        cache.addListener(changes::add);
        cache.putService("sum", List.of(instance("sum-1", 21000)));
        cache.putService("hello", List.of(instance("hello-1", 21001)));
        assertThat(cache.current().chains().chains()).containsOnlyKeys("sum", "hello");
        assertThat(cache.current().chains().chain("sum").chain().isDefault()).isTrue();
        assertThat(changes.get(1).diff().changedChains()).containsExactly("hello");
        final long helloVersion = cache.current().chains().chain("hello").version();

        cache.putConfigEntries("service-defaults", json("{\"Kind\":\"service-defaults\",\"Name\":\"sum\"," +
                                                        "\"Protocol\":\"http\"}"));
        cache.putConfigEntries("service-router", json("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":" +
                                                      "[{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/v2\"}}}]}"));
        final SnapshotChange last = changes.get(changes.size() - 1);
        assertThat(last.diff().changedChains()).containsExactly("sum");
        assertThat(last.diff().changedServices()).isEmpty();
        final ChainSet.ServiceChain sum = cache.current().chains().chain("sum");
        assertThat(sum.chain().start()).isInstanceOf(ChainNode.Router.class);
        assertThat(sum.version()).isEqualTo(cache.current().version());
        assertThat(cache.current().chains().chain("hello").version()).isEqualTo(helloVersion);

        final int before = changes.size();
        cache.putConfigEntries("service-router", json("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":" +
                                                      "[{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/v2\"}}}]}"));
        assertThat(changes).hasSize(before); // the same entries again: no new snapshot
    }

    @Test
    void anUnreadableEntryIsRejectedAloneAndAChainThatCannotCompileCarriesItsError() throws Exception {
        cache.putService("sum", List.of(instance("sum-1", 21000)));
        cache.putConfigEntries("service-router", json(
                "{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[]}",
                "{\"Kind\":\"service-router\",\"Name\":\"hello\",\"Routes\":[{\"Match\":{\"HTTP\":{\"PathPrefix\":" +
                "\"nope\"}}}]}"));
        final ChainSet chains = cache.current().chains();
        assertThat(chains.rejected()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("service-router");
            assertThat(r.name()).isEqualTo("hello");
            assertThat(r.error()).contains("PathPrefix doesn't start with '/'");
        });
        // sum is tcp (no service-defaults), so its router cannot apply: the chain says why
        assertThat(chains.chain("sum").ok()).isFalse();
        assertThat(chains.chain("sum").error()).contains("does not permit advanced routing");

        cache.putConfigEntries("service-defaults", json("{\"Kind\":\"service-defaults\",\"Name\":\"sum\"," +
                                                        "\"Protocol\":\"grpc\"}"));
        assertThat(cache.current().chains().chain("sum").ok()).isTrue();
    }

    @Test
    void aBadEditOfAnEntryLeavesTheVersionReadBeforeInForce() throws Exception {
        cache.putService("sum", List.of(instance("sum-1", 21000)));
        cache.putConfigEntries("service-defaults", json("{\"Kind\":\"service-defaults\",\"Name\":\"sum\"," +
                                                        "\"Protocol\":\"http\"}"));
        cache.putConfigEntries("service-router", json("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":" +
                                                      "[{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/v2\"}}}]}"));
        final ChainSet.ServiceChain good = cache.current().chains().chain("sum");
        assertThat(good.chain().start()).isInstanceOf(ChainNode.Router.class);

        // Consul (RE2) accepts this regex; Java cannot compile it, so weft cannot apply the edit
        cache.putConfigEntries("service-router", json("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":" +
                                                      "[{\"Match\":{\"HTTP\":{\"PathRegex\":\"/(?P<a>x)\"}}}]}"));
        final ChainSet chains = cache.current().chains();
        assertThat(chains.rejected()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("sum");
            assertThat(r.error()).contains("PathRegex").endsWith("(the version read before stays in force)");
        });
        assertThat(chains.chain("sum")).isEqualTo(good); // same chain, same version: sidecars see no change

        cache.putConfigEntries("service-router", json());
        assertThat(cache.current().chains().rejected()).isEmpty();
        assertThat(cache.current().chains().chain("sum").chain().isDefault()).isTrue(); // deleting it does undo it
    }

    @Test
    void aServiceThatLeavesTakesItsChainWithIt() {
        cache.addListener(changes::add);
        cache.putService("sum", List.of(instance("sum-1", 21000)));
        cache.putService("hello", List.of(instance("hello-1", 21001)));
        cache.retainServices(java.util.Set.of("sum"));
        assertThat(cache.current().chains().chains()).containsOnlyKeys("sum");
        assertThat(changes.get(changes.size() - 1).diff().changedChains()).containsExactly("hello");
    }
}
