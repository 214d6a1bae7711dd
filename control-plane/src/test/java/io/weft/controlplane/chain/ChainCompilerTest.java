package io.weft.controlplane.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Chains compiled from entries written as Consul's documentation writes them (JSON form). */
class ChainCompilerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HTTP_SUM = "{\"Kind\":\"service-defaults\",\"Name\":\"sum\",\"Protocol\":\"http\"}";
    private static final String SUBSETS = "{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"DefaultSubset\":\"v1\"," +
            "\"Subsets\":{\"v1\":{\"Filter\":\"Service.Meta.version == v1\"}," +
            "\"v2\":{\"Filter\":\"Service.Meta.version == v2\",\"OnlyPassing\":true}}}";

    static ConfigEntries entries(String... json) throws Exception {
        final List<ConfigEntry> out = new ArrayList<>();
        for (String j : json) {
            out.add(ConfigEntry.parse(JSON.readTree(j)));
        }
        return ConfigEntries.of(out);
    }

    static CompiledChain compile(String service, String... json) throws Exception {
        return ChainCompiler.compile(service, "dc1", entries(json));
    }

    @Test
    void withoutEntriesEveryCallGoesToEveryInstanceOfTheServiceOverTcp() throws Exception {
        final CompiledChain chain = compile("sum");
        assertThat(chain.isDefault()).isTrue();
        assertThat(chain.protocol()).isEqualTo("tcp");
        assertThat(chain.startNode()).isEqualTo("resolver:sum.default.default.dc1");
        assertThat(chain.targets()).containsOnlyKeys("sum.default.default.dc1");
        final ChainTarget t = chain.targets().get("sum.default.default.dc1");
        assertThat(t.subset()).isEmpty();
        assertThat(t.subsetDefinition()).isNull();
        // unset (Consul would fill in 5 s): the sidecar's --connect-timeout applies
        assertThat(t.connectTimeout()).isZero();
    }

    @Test
    void routerThenSplitterThenResolverWithTheCatchAllRouteAppended() throws Exception {
        final CompiledChain chain = compile(
                "sum", HTTP_SUM, SUBSETS,
                "{\"Kind\":\"service-splitter\",\"Name\":\"sum\",\"Splits\":[{\"Weight\":90,\"ServiceSubset\":\"v1\"}," +
                "{\"Weight\":10,\"ServiceSubset\":\"v2\"}]}",
                "{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Match\":{\"HTTP\":{\"Header\":" +
                "[{\"Name\":\"X-Canary\",\"Exact\":\"1\"}]}},\"Destination\":{\"ServiceSubset\":\"v2\"}}]}");

        assertThat(chain.isDefault()).isFalse();
        assertThat(chain.protocol()).isEqualTo("http");
        final ChainNode.Router router = (ChainNode.Router) chain.start();
        assertThat(router.key()).isEqualTo("router:sum.default.default");
        assertThat(router.routes()).hasSize(2);
        final ChainNode.Route canary = router.routes().get(0);
        assertThat(canary.match().headers()).singleElement()
                                            .satisfies(h -> assertThat(h.name()).isEqualTo("x-canary"))
                                            .satisfies(h -> assertThat(h.exact()).isEqualTo("1"));
        assertThat(canary.next()).isEqualTo("resolver:v2.sum.default.default.dc1");
        final ChainNode.Route catchAll = router.routes().get(1);
        assertThat(catchAll.match()).isEqualTo(RouteMatch.CATCH_ALL);
        assertThat(catchAll.next()).isEqualTo("splitter:sum.default.default");

        final ChainNode.Splitter splitter = (ChainNode.Splitter) chain.node(catchAll.next());
        assertThat(splitter.splits()).extracting(ChainNode.Split::weight).containsExactly(90.0, 10.0);
        assertThat(splitter.splits()).extracting(ChainNode.Split::next)
                                     .containsExactly("resolver:v1.sum.default.default.dc1",
                                                      "resolver:v2.sum.default.default.dc1");
        final ChainTarget v2 = chain.targets().get("v2.sum.default.default.dc1");
        assertThat(v2.subsetDefinition().filter()).isEqualTo("Service.Meta.version == v2");
        assertThat(v2.subsetDefinition().onlyPassing()).isTrue();
        assertThat(chain.targets()).containsOnlyKeys("v1.sum.default.default.dc1", "v2.sum.default.default.dc1");
    }

    @Test
    void theDefaultSubsetAppliesWhereNoSubsetIsAskedFor() throws Exception {
        final CompiledChain chain = compile("sum", SUBSETS);
        assertThat(chain.startNode()).isEqualTo("resolver:v1.sum.default.default.dc1");
        assertThat(chain.isDefault()).isFalse();
    }

    @Test
    void routingOrSplittingATcpServiceIsRefusedAsConsulRefusesIt() throws Exception {
        assertThatThrownBy(() -> compile("sum", "{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[]}"))
                .isInstanceOf(ChainException.class)
                .hasMessage("discovery chain \"sum\" uses a protocol \"tcp\" that does not permit advanced routing " +
                            "or splitting behavior");
        // proxy-defaults gives every service without service-defaults its protocol
        final CompiledChain chain = compile(
                "sum", "{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"protocol\":\"grpc\"}}",
                "{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[]}");
        assertThat(chain.protocol()).isEqualTo("grpc");
    }

    @Test
    void everyServiceOnAChainMustHaveTheSameProtocol() throws Exception {
        assertThatThrownBy(() -> compile(
                "sum", HTTP_SUM, "{\"Kind\":\"service-defaults\",\"Name\":\"adder\",\"Protocol\":\"grpc\"}",
                "{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Match\":{\"HTTP\":{\"PathPrefix\":" +
                "\"/v2\"}},\"Destination\":{\"Service\":\"adder\"}}]}"))
                .hasMessage("discovery chain \"sum\" uses inconsistent protocols; service \"adder\" has \"grpc\" " +
                            "which is not \"http\"");
    }

    @Test
    void aRouteToASubsetTheResolverDoesNotDefineIsAnError() throws Exception {
        assertThatThrownBy(() -> compile(
                "sum", HTTP_SUM, SUBSETS,
                "{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Destination\":{\"ServiceSubset\":\"v3\"}}]}"))
                .hasMessage("service \"sum\" does not have a subset named \"v3\"");
    }

    @Test
    void redirectsAreFollowedAndARedirectLoopIsNamed() throws Exception {
        final CompiledChain chain = compile(
                "sum", "{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"Redirect\":{\"Service\":\"sum-next\"}}");
        assertThat(chain.startNode()).isEqualTo("resolver:sum-next.default.default.dc1");
        assertThat(chain.isDefault()).isFalse(); // the chain of sum ends at another service

        assertThatThrownBy(() -> compile(
                "a", "{\"Kind\":\"service-resolver\",\"Name\":\"a\",\"Redirect\":{\"Service\":\"b\"}}",
                "{\"Kind\":\"service-resolver\",\"Name\":\"b\",\"Redirect\":{\"Service\":\"a\"}}"))
                .hasMessage("detected circular resolver redirect: [a.default.default.dc1 -> b.default.default.dc1 " +
                            "-> a.default.default.dc1]");
    }

    @Test
    void failoverTargetsAreListedInOrderPerSubsetWithTheWildcardForTheRest() throws Exception {
        final CompiledChain chain = compile(
                "sum", "{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"DefaultSubset\":\"v1\"," +
                       "\"Subsets\":{\"v1\":{\"Filter\":\"Service.Meta.version == v1\"},\"v2\":{\"Filter\":" +
                       "\"Service.Meta.version == v2\"}},\"Failover\":{\"v1\":{\"Targets\":[{\"ServiceSubset\":" +
                       "\"v2\"},{\"Service\":\"sum-backup\"}]},\"*\":{\"Service\":\"sum-backup\"}}," +
                       "\"ConnectTimeout\":\"1.5s\",\"RequestTimeout\":\"10s\"}");
        final ChainNode.Resolver start = (ChainNode.Resolver) chain.start();
        assertThat(start.target()).isEqualTo("v1.sum.default.default.dc1");
        assertThat(start.failover()).containsExactly("v2.sum.default.default.dc1", "sum-backup.default.default.dc1");
        assertThat(start.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(start.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(chain.targets()).containsKeys("v2.sum.default.default.dc1", "sum-backup.default.default.dc1");
    }

    @Test
    void nestedSplittersAreFlattenedWithWeightsMultipliedAndHeadersMerged() throws Exception {
        final String http = "{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"protocol\":\"http\"}}";
        final CompiledChain chain = compile(
                "web", http,
                "{\"Kind\":\"service-splitter\",\"Name\":\"web\",\"Splits\":[{\"Weight\":50,\"Service\":\"web-next\"," +
                "\"RequestHeaders\":{\"Set\":{\"x-from\":\"parent\",\"x-parent\":\"1\"}}},{\"Weight\":50}]}",
                "{\"Kind\":\"service-splitter\",\"Name\":\"web-next\",\"Splits\":[{\"Weight\":33.33,\"Service\":\"a\"," +
                "\"RequestHeaders\":{\"Set\":{\"x-from\":\"child\"}}},{\"Weight\":66.67,\"Service\":\"b\"}]}");
        final ChainNode.Splitter s = (ChainNode.Splitter) chain.start();
        assertThat(s.splits()).extracting(ChainNode.Split::weight).containsExactly(16.67, 33.34, 50.0);
        assertThat(s.splits()).extracting(ChainNode.Split::next)
                              .containsExactly("resolver:a.default.default.dc1", "resolver:b.default.default.dc1",
                                               "resolver:web.default.default.dc1");
        assertThat(s.splits().get(0).requestHeaders().set())
                .containsEntry("x-from", "child").containsEntry("x-parent", "1");
        assertThat(chain.nodes()).doesNotContainKey("splitter:web-next.default.default"); // unused once flattened
    }

    @Test
    void splittersThatSplitIntoEachOtherAreACircularReference() throws Exception {
        final String http = "{\"Kind\":\"proxy-defaults\",\"Name\":\"global\",\"Config\":{\"protocol\":\"http\"}}";
        assertThatThrownBy(() -> compile(
                "a", http, "{\"Kind\":\"service-splitter\",\"Name\":\"a\",\"Splits\":[{\"Weight\":100,\"Service\":\"b\"}]}",
                "{\"Kind\":\"service-splitter\",\"Name\":\"b\",\"Splits\":[{\"Weight\":100,\"Service\":\"a\"}]}"))
                .hasMessage("detected circular reference: [splitter:a.default.default -> splitter:b.default.default " +
                            "-> splitter:a.default.default]");
    }

    @Test
    void aTargetInAnotherDatacenterIsRefusedClearly() throws Exception {
        assertThatThrownBy(() -> compile(
                "sum", "{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"Redirect\":{\"Datacenter\":\"dc2\"}}"))
                .hasMessage("discovery chain \"sum\" sends to datacenter \"dc2\" (service \"sum\"): weft routes " +
                            "within its own datacenter \"dc1\"");
    }

    @Test
    void aHashBasedBalancerOfASplitTargetIsCarriedByTheSplitter() throws Exception {
        final CompiledChain chain = compile(
                "sum", HTTP_SUM,
                "{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"Subsets\":{\"v1\":{},\"v2\":{}},\"LoadBalancer\":" +
                "{\"Policy\":\"ring_hash\",\"HashPolicies\":[{\"Field\":\"header\",\"FieldValue\":\"x-user\"}]}}",
                "{\"Kind\":\"service-splitter\",\"Name\":\"sum\",\"Splits\":[{\"Weight\":50,\"ServiceSubset\":\"v1\"}," +
                "{\"Weight\":50,\"ServiceSubset\":\"v2\"}]}");
        final ChainNode.Splitter s = (ChainNode.Splitter) chain.start();
        assertThat(s.loadBalancer()).isNotNull();
        assertThat(s.loadBalancer().hashPolicies()).singleElement()
                                                   .satisfies(h -> assertThat(h.fieldValue()).isEqualTo("x-user"));
    }
}
