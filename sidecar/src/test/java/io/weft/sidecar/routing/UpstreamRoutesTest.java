package io.weft.sidecar.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;

import io.weft.protocol.v1.HashPolicy;
import io.weft.protocol.v1.HeaderMatch;
import io.weft.protocol.v1.LoadBalancer;
import io.weft.protocol.v1.HeaderModifiers;
import io.weft.protocol.v1.QueryParamMatch;
import io.weft.protocol.v1.Resolver;
import io.weft.protocol.v1.Route;
import io.weft.protocol.v1.RouteDestination;
import io.weft.protocol.v1.RouteMatch;
import io.weft.protocol.v1.RouteNode;
import io.weft.protocol.v1.RouteTarget;
import io.weft.protocol.v1.Router;
import io.weft.protocol.v1.Routes;
import io.weft.protocol.v1.Split;
import io.weft.protocol.v1.Splitter;
import io.weft.sidecar.balancing.Balancer;
import io.weft.sidecar.balancing.LoadBalancing;
import io.weft.sidecar.balancing.RouteRetry;

/** Walking a chain: every matcher, the first matching route wins, splits by weight, rewrites, header changes. */
class UpstreamRoutesTest {
    private static final String V1 = "v1.sum.default.default.dc1";
    private static final String V2 = "v2.sum.default.default.dc1";
    private static final String ROUTER = "router:sum.default.default";
    private static final String SPLITTER = "splitter:sum.default.default";

    private static Route route(RouteMatch.Builder match, String next) {
        return Route.newBuilder().setMatch(match).setNextNode(next).build();
    }

    private static UpstreamRoutes chain(Route... routes) {
        final Router.Builder router = Router.newBuilder();
        for (Route r : routes) {
            router.addRoutes(r);
        }
        router.addRoutes(route(RouteMatch.newBuilder().setPathPrefix("/"), SPLITTER)); // Consul's catch-all
        return UpstreamRoutes.of(Routes.newBuilder().setService("sum").setVersion(1).setStartNode(ROUTER)
                .putNodes(ROUTER, RouteNode.newBuilder().setRouter(router).build())
                .putNodes(SPLITTER, RouteNode.newBuilder().setSplitter(Splitter.newBuilder()
                        .addSplits(Split.newBuilder().setWeight(90).setNextNode("resolver:" + V1))
                        .addSplits(Split.newBuilder().setWeight(10).setNextNode("resolver:" + V2).setRequestHeaders(
                                HeaderModifiers.newBuilder().putSet("x-split", "v2")))).build())
                .putNodes("resolver:" + V1, RouteNode.newBuilder().setResolver(
                        Resolver.newBuilder().setTarget(V1).addFailover(V2)).build())
                .putNodes("resolver:" + V2, RouteNode.newBuilder().setResolver(Resolver.newBuilder().setTarget(V2))
                                                    .build())
                .putTargets(V1, RouteTarget.newBuilder().setId(V1).build())
                .putTargets(V2, RouteTarget.newBuilder().setId(V2).build())
                .build());
    }

    private static RequestHeaders get(String path, String... headers) {
        final var b = RequestHeaders.builder(HttpMethod.GET, path);
        for (int i = 0; i < headers.length; i += 2) {
            b.add(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    private static String target(UpstreamRoutes chain, RequestHeaders headers) {
        return chain.decide(headers, () -> 0.0).target(); // 0.0: the first share of any split
    }

    @Test
    void theFirstMatchingRouteWinsAndTheRestGoesToTheCatchAll() {
        final UpstreamRoutes c = chain(
                route(RouteMatch.newBuilder().addHeaders(HeaderMatch.newBuilder().setName("x-canary").setExact("1")),
                      "resolver:" + V2),
                route(RouteMatch.newBuilder().setPathExact("/exact"), "resolver:" + V2));
        assertThat(target(c, get("/anything", "x-canary", "1"))).isEqualTo(V2);
        assertThat(target(c, get("/anything", "x-canary", "0"))).isEqualTo(V1);
        assertThat(target(c, get("/exact"))).isEqualTo(V2);
        assertThat(target(c, get("/exact/not"))).isEqualTo(V1);
        assertThat(c.decide(get("/x"), () -> 0.0).failover()).containsExactly(V2);
    }

    @Test
    void everyHeaderMatcherAndInvert() {
        final HeaderMatch.Builder h = HeaderMatch.newBuilder().setName("x-user");
        final UpstreamRoutes present = chain(route(RouteMatch.newBuilder().addHeaders(h.clone().setPresent(true)),
                                                   "resolver:" + V2));
        final UpstreamRoutes prefix = chain(route(RouteMatch.newBuilder().addHeaders(h.clone().setPrefix("adm")),
                                                  "resolver:" + V2));
        final UpstreamRoutes suffix = chain(route(RouteMatch.newBuilder().addHeaders(h.clone().setSuffix("@x.io")),
                                                  "resolver:" + V2));
        final UpstreamRoutes regex = chain(route(RouteMatch.newBuilder().addHeaders(h.clone().setRegex("u[0-9]+")),
                                                 "resolver:" + V2));
        final UpstreamRoutes inverted = chain(route(RouteMatch.newBuilder().addHeaders(
                h.clone().setExact("admin").setInvert(true)), "resolver:" + V2));
        assertThat(target(present, get("/", "x-user", ""))).isEqualTo(V2);
        assertThat(target(present, get("/"))).isEqualTo(V1);
        assertThat(target(prefix, get("/", "x-user", "admin"))).isEqualTo(V2);
        assertThat(target(suffix, get("/", "x-user", "ann@x.io"))).isEqualTo(V2);
        assertThat(target(suffix, get("/", "x-user", "ann@y.io"))).isEqualTo(V1);
        assertThat(target(regex, get("/", "x-user", "u42"))).isEqualTo(V2);
        assertThat(target(regex, get("/", "x-user", "xu42"))).isEqualTo(V1); // the whole value must match
        assertThat(target(inverted, get("/", "x-user", "admin"))).isEqualTo(V1);
        assertThat(target(inverted, get("/", "x-user", "bob"))).isEqualTo(V2);
        assertThat(target(inverted, get("/"))).isEqualTo(V1); // a missing header fails, inverted too (Envoy)
        final UpstreamRoutes absent = chain(route(RouteMatch.newBuilder().addHeaders(
                h.clone().setPresent(true).setInvert(true)), "resolver:" + V2));
        assertThat(target(absent, get("/"))).isEqualTo(V2); // ... except an inverted Present: "not present"
        assertThat(target(absent, get("/", "x-user", "bob"))).isEqualTo(V1);
    }

    @Test
    void pathRegexMethodsAndQueryParameters() {
        final UpstreamRoutes c = chain(
                route(RouteMatch.newBuilder().setPathRegex("/v[0-9]+/.*").addMethods("POST"), "resolver:" + V2),
                route(RouteMatch.newBuilder().addQueryParams(QueryParamMatch.newBuilder().setName("debug")
                                                                            .setPresent(true)), "resolver:" + V2),
                route(RouteMatch.newBuilder().addQueryParams(QueryParamMatch.newBuilder().setName("tier")
                                                                            .setRegex("gold|platinum")),
                      "resolver:" + V2));
        assertThat(target(c, RequestHeaders.of(HttpMethod.POST, "/v2/add"))).isEqualTo(V2);
        assertThat(target(c, get("/v2/add"))).isEqualTo(V1); // GET is not a listed method
        assertThat(target(c, get("/any?debug"))).isEqualTo(V2);
        assertThat(target(c, get("/any?tier=gold&x=1"))).isEqualTo(V2);
        assertThat(target(c, get("/any?tier=silver"))).isEqualTo(V1);
    }

    @Test
    void aPrefixRewriteReplacesTheMatchedPrefixAndKeepsTheQuery() {
        final UpstreamRoutes c = chain(Route.newBuilder()
                .setMatch(RouteMatch.newBuilder().setPathPrefix("/api/v2/"))
                .setDestination(RouteDestination.newBuilder().setPrefixRewrite("/").setRequestHeaders(
                        HeaderModifiers.newBuilder().putAdd("x-route", "v2")))
                .setNextNode("resolver:" + V2).build());
        final RouteDecision d = c.decide(get("/api/v2/sum?a=1"), () -> 0.0);
        assertThat(d.rewrittenPath()).isEqualTo("/sum?a=1");
        assertThat(d.requestHeaders()).extracting(m -> m.getAddMap()).containsExactly(Map.of("x-route", "v2"));
        assertThat(c.decide(get("/api/v1/sum"), () -> 0.0).rewrittenPath()).isNull();
    }

    @Test
    void splitsFollowTheirWeights() {
        final UpstreamRoutes c = chain();
        final Random random = new Random(42);
        final Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(c.decide(get("/"), random::nextDouble).target(), 1, Integer::sum);
        }
        assertThat(counts.get(V2)).isBetween(900, 1100); // 10 % within a point
        assertThat(c.decide(get("/"), () -> 0.95).requestHeaders()).extracting(m -> m.getSetMap())
                                                                  .contains(Map.of("x-split", "v2"));
    }

    @Test
    void aDecisionCarriesItsRoutesRetriesAndTimeouts() {
        final UpstreamRoutes c = chain(Route.newBuilder()
                .setMatch(RouteMatch.newBuilder().setPathPrefix("/slow"))
                .setDestination(RouteDestination.newBuilder().setRequestTimeoutMillis(200).setIdleTimeoutMillis(50)
                                                .setNumRetries(3).addRetryOnStatusCodes(503))
                .setNextNode("resolver:" + V2).build());
        final RouteDecision slow = c.decide(get("/slow/x"), () -> 0.0);
        assertThat(slow.requestTimeoutMillis()).isEqualTo(200);
        assertThat(slow.idleTimeoutMillis()).isEqualTo(50);
        assertThat(slow.retry().numRetries()).isEqualTo(3);
        final RouteDecision other = c.decide(get("/fast"), () -> 0.0); // the catch-all: nothing set
        assertThat(other.requestTimeoutMillis()).isZero();
        assertThat(other.retry()).isSameAs(RouteRetry.NONE);
    }

    @Test
    void aResolversRequestTimeoutAppliesWhereTheChainStartsAtIt() {
        final Resolver.Builder resolver = Resolver.newBuilder().setTarget(V1).setRequestTimeoutMillis(300)
                .setLoadBalancer(LoadBalancer.newBuilder().setPolicy("maglev")
                        .addHashPolicies(HashPolicy.newBuilder().setField("header").setFieldValue("x-user")));
        final UpstreamRoutes c = UpstreamRoutes.of(Routes.newBuilder().setService("sum").setStartNode("resolver:" + V1)
                .putNodes("resolver:" + V1, RouteNode.newBuilder().setResolver(resolver).build())
                .putTargets(V1, RouteTarget.newBuilder().setId(V1).build()).build());
        final RouteDecision d = c.decide(get("/"), () -> 0.0);
        assertThat(d.requestTimeoutMillis()).isEqualTo(300);
        assertThat(d.hashPolicies()).extracting(HashPolicy::getFieldValue).containsExactly("x-user");
        assertThat(c.balancers()).containsEntry(V1, Balancer.of(LoadBalancing.MAGLEV));
        // behind a router (Consul's catch-all), only the route's own timeout counts
        final UpstreamRoutes routed = chain();
        assertThat(routed.decide(get("/"), () -> 0.0).requestTimeoutMillis()).isZero();
    }

    private static RequestHashing.Key hash(List<HashPolicy> policies, RequestHeaders headers, InetAddress caller) {
        return RequestHashing.of(policies, headers, caller, "connection");
    }

    @Test
    void hashKeysFollowConsulsHashPolicies() {
        final HashPolicy user = HashPolicy.newBuilder().setField("header").setFieldValue("x-user").build();
        final HashPolicy session = HashPolicy.newBuilder().setField("cookie").setFieldValue("session").build();
        final HashPolicy tenant = HashPolicy.newBuilder().setField("query_parameter").setFieldValue("tenant").build();
        final HashPolicy source = HashPolicy.newBuilder().setSourceIp(true).build();
        final InetAddress caller = InetAddress.getLoopbackAddress();
        assertThat(hash(List.of(user), get("/", "x-user", "ann"), caller).hash())
                .isEqualTo(hash(List.of(user), get("/other", "x-user", "ann"), caller).hash())
                .isNotEqualTo(hash(List.of(user), get("/", "x-user", "bob"), caller).hash());
        assertThat(hash(List.of(user), get("/"), caller).hash()).isNull(); // no value: no key
        assertThat(hash(List.of(session), get("/", "cookie", "a=1; session=s42"), caller).hash())
                .isEqualTo(hash(List.of(session), get("/", "cookie", "session=s42"), caller).hash());
        assertThat(hash(List.of(tenant), get("/?tenant=t1&x=2"), caller).hash())
                .isEqualTo(hash(List.of(tenant), get("/y?tenant=t1"), caller).hash());
        assertThat(hash(List.of(source), get("/"), caller).hash()).isNotNull();
        // a terminal policy that found a value ends the walk; a later one no longer changes the key
        final HashPolicy terminalUser = user.toBuilder().setTerminal(true).build();
        assertThat(hash(List.of(terminalUser, tenant), get("/?tenant=a", "x-user", "ann"), caller).hash())
                .isEqualTo(hash(List.of(terminalUser, tenant), get("/?tenant=b", "x-user", "ann"), caller).hash());
        assertThat(hash(List.of(user, tenant), get("/?tenant=a", "x-user", "ann"), caller).hash())
                .isNotEqualTo(hash(List.of(user, tenant), get("/?tenant=b", "x-user", "ann"), caller).hash());
    }

    /**
     * Envoy's cookie generation: without CookieConfig (or with only a Path) a missing cookie gives no key and no
     * cookie; with a TTL or Session the sidecar makes one up from the connection, hashes it, and returns it in
     * Envoy's form; a request that carries it back (quoted, as a browser returns it) gets the same key.
     */
    @Test
    void aCookieConfigWithATtlOrSessionMakesUpTheMissingCookieAndTheCookieKeepsTheKey() {
        final InetAddress caller = InetAddress.getLoopbackAddress();
        final HashPolicy plain = HashPolicy.newBuilder().setField("cookie").setFieldValue("route").build();
        assertThat(hash(List.of(plain), get("/"), caller)).isEqualTo(new RequestHashing.Key(null, List.of()));
        assertThat(hash(List.of(plain.toBuilder().setCookiePath("/").build()), get("/"), caller).setCookies())
                .isEmpty();

        final HashPolicy ttl = plain.toBuilder().setCookieTtlMillis(3_600_000).setCookiePath("/api").build();
        final RequestHashing.Key made = RequestHashing.of(List.of(ttl), get("/"), caller, "127.0.0.1:5000/127.0.0.1:80");
        assertThat(made.hash()).isNotNull();
        assertThat(made.setCookies()).singleElement().asString()
                                     .matches("route=\"[0-9a-f]+\"; Max-Age=3600; Path=/api; HttpOnly");
        final String value = made.setCookies().get(0).substring("route=".length(), made.setCookies().get(0).indexOf(';'));
        final RequestHashing.Key back = RequestHashing.of(List.of(ttl), get("/", "cookie", "route=" + value), caller,
                                                          "127.0.0.1:6000/127.0.0.1:80");
        assertThat(back.hash()).isEqualTo(made.hash());
        assertThat(back.setCookies()).isEmpty();
        // one connection, one cookie (concurrent requests on it stick together); another connection, another
        assertThat(RequestHashing.of(List.of(ttl), get("/"), caller, "127.0.0.1:5000/127.0.0.1:80"))
                .isEqualTo(made);
        assertThat(RequestHashing.of(List.of(ttl), get("/"), caller, "127.0.0.1:5001/127.0.0.1:80").hash())
                .isNotEqualTo(made.hash());

        final HashPolicy session = plain.toBuilder().setCookieSession(true).build();
        assertThat(hash(List.of(session), get("/"), caller).setCookies()).singleElement().asString()
                .matches("route=\"[0-9a-f]+\"; HttpOnly");
    }

    @Test
    void aRouterWithoutACatchAllCanMatchNothing() {
        final UpstreamRoutes c = UpstreamRoutes.of(Routes.newBuilder().setService("sum").setStartNode(ROUTER)
                .putNodes(ROUTER, RouteNode.newBuilder().setRouter(Router.newBuilder().addRoutes(
                        route(RouteMatch.newBuilder().setPathExact("/only"), "resolver:" + V1))).build())
                .putNodes("resolver:" + V1, RouteNode.newBuilder().setResolver(Resolver.newBuilder().setTarget(V1))
                                                    .build())
                .putTargets(V1, RouteTarget.newBuilder().setId(V1).build()).build());
        assertThat(c.decide(get("/other"), () -> 0.0)).isNull();
        assertThat(c.isDefault()).isFalse();
    }
}
