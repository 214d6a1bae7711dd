package io.weft.sidecar.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weft.certs.SpiffeId;
import io.weft.sidecar.config.IntentionPolicy;
import io.weft.sidecar.discovery.IntentionPermission;
import io.weft.sidecar.discovery.IntentionRule;
import io.weft.sidecar.discovery.IntentionSet;
import io.weft.sidecar.discovery.MeshStateStore;
import io.weft.sidecar.discovery.RequestAttributes;
import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.metrics.SidecarMetrics;

/** The one authorization decision with L7 intentions: Consul's precedence, first permission, default. */
class AuthorizationTest {
    private final SidecarMetrics metrics = new SidecarMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    private final MeshStateStore store = new MeshStateStore();

    private Authorization authorization(IntentionPolicy policy) {
        return new Authorization(store, "sum", policy, metrics);
    }

    private static RequestAttributes request(String method, String path) {
        return new RequestAttributes(method, path, name -> null);
    }

    private static IntentionPermission permission(int index, boolean allow, String prefix, String... methods) {
        return new IntentionPermission(index, allow, "", prefix, null, List.of(), Set.of(methods));
    }

    /** web: [deny GET /admin*, allow /*]; *: deny (lower precedence). */
    private static IntentionSet webL7() {
        return new IntentionSet(3, List.of(
                new IntentionRule("web", false, 9, List.of(permission(0, false, "/admin", "GET"),
                                                           permission(1, true, "/api"))),
                new IntentionRule("*", false, 8)), null);
    }

    @Test
    void theFirstMatchingPermissionDecides() {
        final Authorization a = authorization(IntentionPolicy.DENY);
        assertThat(a.decide(webL7(), "web", request("GET", "/admin/users")).allow()).isFalse();
        assertThat(a.decide(webL7(), "web", request("POST", "/admin/users")).allow()).isFalse(); // default: deny
        assertThat(a.decide(webL7(), "web", request("GET", "/api/x")).allow()).isTrue();
        final IntentionSet allowFirst = new IntentionSet(1, List.of(new IntentionRule(
                "web", false, 9, List.of(permission(0, true, "/"), permission(1, false, "/admin")))), null);
        assertThat(a.decide(allowFirst, "web", request("GET", "/admin")).allow()).isTrue();
    }

    @Test
    void noMatchingPermissionFallsToTheDefaultNotToALowerPrecedenceIntention() {
        final IntentionSet set = new IntentionSet(1, List.of(
                new IntentionRule("web", false, 9, List.of(permission(0, false, "/admin"))),
                new IntentionRule("*", false, 8)), null);
        final Authorization allowByDefault = authorization(IntentionPolicy.ALLOW);
        final Authorization.Decision d = allowByDefault.decide(set, "web", request("GET", "/public"));
        assertThat(d.allow()).isTrue();
        assertThat(d.rule()).isEqualTo(Authorization.DEFAULT_RULE);
        assertThat(d.reason()).isEqualTo("intention web -> sum matched no permission, so the default intention " +
                                         "policy (allow)");
        // The control plane's default comes before the configured one.
        final IntentionSet cpDeny = new IntentionSet(1, set.rules(), false);
        assertThat(allowByDefault.decide(cpDeny, "web", request("GET", "/public")).allow()).isFalse();
        // Callers without an intention of their own meet the wildcard.
        assertThat(allowByDefault.decide(set, "api", request("GET", "/public")).allow()).isFalse();
    }

    @Test
    void anExactSourceTakesPrecedenceOverTheWildcard() {
        final IntentionSet set = new IntentionSet(1, List.of(
                new IntentionRule("*", true, 8, List.of(permission(0, true, "/"))),
                new IntentionRule("web", false, 9, List.of(permission(0, false, "/admin")))), null);
        // Rules arrive sorted by precedence (ResourceDecoder sorts them); sorted here as it would.
        final IntentionSet sorted = new IntentionSet(1, set.rules().stream()
                .sorted((x, y) -> Integer.compare(y.precedence(), x.precedence())).toList(), null);
        final Authorization a = authorization(IntentionPolicy.DENY);
        assertThat(a.decide(sorted, "web", request("GET", "/admin")).allow()).isFalse();
        assertThat(a.decide(sorted, "web", request("GET", "/public")).allow()).isFalse(); // web's own: default
        assertThat(a.decide(sorted, "api", request("GET", "/admin")).allow()).isTrue();
    }

    @Test
    void aDenialNamesTheCallerAndThePermissionAndIsCountedByRule() {
        store.update(s -> s.withIntentions(webL7()));
        final SpiffeId web = SpiffeId.of("weft.local", "dc1", "web");
        final Failure denied = authorization(IntentionPolicy.ALLOW).check(web, request("GET", "/admin/users"));
        assertThat(denied).isNotNull();
        assertThat(denied.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(denied.message()).isEqualTo(
                "'web' (" + web.uri() + ") is not allowed to call 'sum': denied by intention web -> sum, " +
                "Permissions[0] (deny GET /admin*)");
        assertThat(metrics.registry().get("weft.authz.denied").tags("peer", "web", "rule", "intention web Permissions[0]")
                          .counter().count()).isEqualTo(1);
        assertThat(authorization(IntentionPolicy.ALLOW).check(web, request("GET", "/api/v1"))).isNull();
        assertThat(authorization(IntentionPolicy.ALLOW).check(null, request("GET", "/api/v1"))).isNotNull();
    }

    @Test
    void anL4IntentionIgnoresTheRequest() {
        final IntentionSet set = new IntentionSet(1, List.of(new IntentionRule("web", false, 9)), null);
        final Authorization.Decision d = authorization(IntentionPolicy.ALLOW).decide(set, "web", request("GET", "/"));
        assertThat(d.allow()).isFalse();
        assertThat(d.rule()).isEqualTo("intention web");
        assertThat(d.reason()).isEqualTo("intention web -> sum");
    }
}
