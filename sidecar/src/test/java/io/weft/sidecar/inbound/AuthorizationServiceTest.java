package io.weft.sidecar.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weft.sidecar.config.IntentionPolicy;
import io.weft.sidecar.discovery.IntentionRule;
import io.weft.sidecar.discovery.IntentionSet;
import io.weft.sidecar.discovery.MeshStateStore;
import io.weft.sidecar.metrics.SidecarMetrics;

class AuthorizationServiceTest {
    private final SidecarMetrics metrics = new SidecarMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    private AuthorizationService service(IntentionPolicy policy) {
        return new AuthorizationService((ctx, req) -> HttpResponse.of(200),
                                        new Authorization(new MeshStateStore(), "sum", policy, metrics));
    }

    @Test
    void firstMatchByPrecedenceDecides() {
        final IntentionSet set = new IntentionSet(1, List.of(new IntentionRule("hello", false, 9),
                                                             new IntentionRule("*", true, 1)), null);
        assertThat(service(IntentionPolicy.DENY).allowed(set, "hello")).isFalse();
        assertThat(service(IntentionPolicy.DENY).allowed(set, "gateway")).isTrue();
    }

    @Test
    void controlPlaneDefaultThenConfiguredDefault() {
        final IntentionSet denyAll = new IntentionSet(1, List.of(), false);
        assertThat(service(IntentionPolicy.ALLOW).allowed(denyAll, "hello")).isFalse();
        final IntentionSet none = new IntentionSet(1, List.of(), null);
        assertThat(service(IntentionPolicy.ALLOW).allowed(none, "hello")).isTrue();
        assertThat(service(IntentionPolicy.DENY).allowed(none, "hello")).isFalse();
        assertThat(service(IntentionPolicy.DENY).allowed(null, "hello")).isFalse();
    }

    @Test
    void identityAndForwardingHeadersAreReset() {
        final RequestHeaders headers = RequestHeaders.builder(HttpMethod.GET, "/")
                                                     .add("x-weft-peer-identity", "spiffe://evil")
                                                     .add("X-Forwarded-Host", "evil")
                                                     .add("forwarded", "for=1.2.3.4")
                                                     .add("proxy-authorization", "x")
                                                     .add("x-keep", "yes")
                                                     .build();
        final RequestHeaders reset = IdentityHeaders.reset(headers, "spiffe://weft.local/ns/default/dc/dc1/svc/a");
        assertThat(reset.getAll("x-weft-peer-identity")).containsExactly("spiffe://weft.local/ns/default/dc/dc1/svc/a");
        assertThat(reset.contains("x-forwarded-host")).isFalse();
        assertThat(reset.contains("forwarded")).isFalse();
        assertThat(reset.contains("proxy-authorization")).isFalse();
        assertThat(reset.get("x-keep")).isEqualTo("yes");
    }
}
