package io.weft.controlplane.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Entries read as Consul decodes them, and refused with Consul's messages. */
class ConfigEntryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ConfigEntry parse(String json) throws Exception {
        return ConfigEntry.parse(JSON.readTree(json));
    }

    @Test
    void fieldNamesMatchCaseInsensitivelyOrByTheirSnakeCaseAlias() throws Exception {
        final ServiceRouter r = (ServiceRouter) parse(
                "{\"kind\":\"service-router\",\"name\":\"sum\",\"routes\":[{\"match\":{\"http\":{\"path_prefix\":\"/v2\"," +
                "\"methods\":[\"get\"],\"query_param\":[{\"name\":\"debug\",\"present\":true}]}},\"destination\":{" +
                "\"service_subset\":\"v2\",\"prefix_rewrite\":\"/\",\"request_timeout\":\"1.5s\",\"num_retries\":3," +
                "\"retry_on_status_codes\":[503],\"RetryOn\":[\"reset\"],\"request_headers\":{\"set\":{\"x-v\":\"2\"}," +
                "\"remove\":[\"x-debug\"]}}}]}");
        final ServiceRouter.Route route = r.routes().get(0);
        assertThat(route.match().pathPrefix()).isEqualTo("/v2");
        assertThat(route.match().methods()).containsExactly("GET");
        assertThat(route.match().queryParams()).singleElement()
                                               .satisfies(q -> assertThat(q.present()).isTrue());
        final RouteDestination d = route.destination();
        assertThat(d.service()).isEqualTo("sum"); // the router's own service when left out
        assertThat(d.serviceSubset()).isEqualTo("v2");
        assertThat(d.prefixRewrite()).isEqualTo("/");
        assertThat(d.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(d.numRetries()).isEqualTo(3);
        assertThat(d.retryOnStatusCodes()).containsExactly(503L);
        assertThat(d.hasRetryFeatures()).isTrue();
        assertThat(d.requestHeaders().set()).containsEntry("x-v", "2");
        assertThat(d.requestHeaders().remove()).containsExactly("x-debug");
    }

    @Test
    void splitWeightsMustAddUpToAHundredInHundredths() throws Exception {
        final ServiceSplitter s = (ServiceSplitter) parse(
                "{\"Kind\":\"service-splitter\",\"Name\":\"sum\",\"Splits\":[{\"Weight\":12.345,\"ServiceSubset\":\"a\"}," +
                "{\"Weight\":87.654,\"ServiceSubset\":\"b\"}]}");
        assertThat(s.splits()).extracting(ServiceSplitter.Split::weight).containsExactly(12.35, 87.65);
        // three thirds to three decimals are 33.33 each once stored: 99.99, refused as Consul refuses it
        assertThatThrownBy(() -> parse(
                "{\"Kind\":\"service-splitter\",\"Name\":\"sum\",\"Splits\":[{\"Weight\":33.333,\"ServiceSubset\":\"a\"}," +
                "{\"Weight\":33.333,\"ServiceSubset\":\"b\"},{\"Weight\":33.334,\"ServiceSubset\":\"c\"}]}"))
                .isInstanceOf(ChainException.class)
                .hasMessage("service-splitter \"sum\": the sum of all split weights must be 100, not 99.990000");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-splitter\",\"Name\":\"sum\",\"Splits\":[{\"Weight\":50}," +
                                       "{\"Weight\":50}]}"))
                .hasMessage("service-splitter \"sum\": split destination occurs more than once: service=\"sum\", " +
                            "subset=\"\", namespace=\"default\", partition=\"default\"");
    }

    @Test
    void routesAreValidatedAsConsulValidatesThem() {
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Match\":{\"HTTP\":" +
                                       "{\"PathExact\":\"/a\",\"PathPrefix\":\"/b\"}}}]}"))
                .hasMessageEndingWith("Route[0] should only contain at most one of PathExact, PathPrefix, or PathRegex");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Match\":{\"HTTP\":" +
                                       "{\"PathPrefix\":\"v2\"}}}]}"))
                .hasMessageEndingWith("Route[0] PathPrefix doesn't start with '/': \"v2\"");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Match\":{\"HTTP\":" +
                                       "{\"Header\":[{\"Name\":\"x\",\"Exact\":\"1\",\"Prefix\":\"1\"}]}}}]}"))
                .hasMessageEndingWith("Route[0] Header[0] should only contain one of Present, Exact, Prefix, Suffix, " +
                                      "or Regex");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Match\":{\"HTTP\":" +
                                       "{\"Methods\":[\"GET\",\"FETCH\"]}}}]}"))
                .hasMessageEndingWith("Route[0] Methods contains an invalid method \"FETCH\"");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Match\":{\"HTTP\":" +
                                       "{\"Header\":[{\"Name\":\"x\"," + "\"Regex\":\"(\"}]}}}]}"))
                .hasMessageContaining("Regex: not a valid regular expression");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Match\":{\"HTTP\":" +
                                       "{\"PathRegex\":\"/v[0-9]\"}},\"Destination\":{\"PrefixRewrite\":\"/\"}}]}"))
                .hasMessageEndingWith("Route[0] cannot make use of PrefixRewrite without configuring either PathExact " +
                                      "or PathPrefix");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Destination\":" +
                                       "{\"RetryOn\":[\"sometimes\"]}}]}"))
                .hasMessageEndingWith("Route[0] contains an invalid retry condition: \"sometimes\"");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Routes\":[{\"Destination\":" +
                                       "{\"RequestTimeout\":\"soon\"}}]}"))
                .hasMessageContaining("RequestTimeout: time: invalid duration \"soon\"");
    }

    @Test
    void resolversAreValidatedAsConsulValidatesThem() {
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"DefaultSubset\":\"v9\"}"))
                .hasMessage("service-resolver \"sum\": DefaultSubset \"v9\" is not a valid subset");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"Subsets\":{\"V1\":{}}}"))
                .hasMessageContaining("Subset \"V1\" is invalid");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"Redirect\":{\"Service\":" +
                                       "\"x\"},\"Failover\":{\"*\":{\"Service\":\"y\"}}}"))
                .hasMessageEndingWith("Redirect and Failover cannot both be set");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"Failover\":{\"v1\":" +
                                       "{\"Service\":\"y\"}}}"))
                .hasMessageEndingWith("Bad Failover[\"v1\"]: not a valid subset subset");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"LoadBalancer\":{\"Policy\":" +
                                       "\"least_request\",\"HashPolicies\":[{\"Field\":\"header\",\"FieldValue\":" +
                                       "\"x\"}]}}"))
                .hasMessageEndingWith("HashPolicies specified for non-hash-based Policy: \"least_request\"");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"LoadBalancer\":{\"Policy\":" +
                                       "\"fastest\"}}"))
                .hasMessageEndingWith("Bad LoadBalancer policy: \"fastest\" is not supported");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"LoadBalancer\":{\"Policy\":" +
                                       "\"maglev\",\"HashPolicies\":[{\"Field\":\"header\",\"FieldValue\":\"x\"," +
                                       "\"CookieConfig\":{\"TTL\":\"10s\"}}]}}"))
                .hasMessageEndingWith("Bad LoadBalancer HashPolicy[0]: cookie_config provided for \"header\"");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"LoadBalancer\":{\"Policy\":" +
                                       "\"maglev\",\"HashPolicies\":[{\"Field\":\"cookie\",\"FieldValue\":\"x\"," +
                                       "\"CookieConfig\":{\"Session\":true,\"TTL\":\"10s\"}}]}}"))
                .hasMessageEndingWith("Bad LoadBalancer HashPolicy[0]: a session cookie cannot have an associated TTL");
    }

    @Test
    void whatWeftCannotHonourIsRefusedNotIgnored() {
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-router\",\"Name\":\"sum\",\"Namespace\":\"team-a\"}"))
                .hasMessage("service-router \"sum\": Namespace: \"team-a\" is not supported: weft uses only the " +
                            "default namespace");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-resolver\",\"Name\":\"sum\",\"Redirect\":{\"Peer\":\"p\"," +
                                       "\"Service\":\"x\"}}"))
                .hasMessageContaining("Peer: not supported: weft has no cluster peering");
        assertThatThrownBy(() -> parse("{\"Kind\":\"ingress-gateway\",\"Name\":\"gw\"}"))
                .hasMessageStartingWith("invalid config entry kind: \"ingress-gateway\"");
        assertThatThrownBy(() -> parse("{\"Kind\":\"service-router\"}"))
                .hasMessage("service-router \"\": Name is required");
        assertThatThrownBy(() -> parse("{\"Kind\":\"proxy-defaults\",\"Name\":\"local\"}"))
                .hasMessageEndingWith("invalid name \"local\", only \"global\" is supported");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("expected a JSON object");
    }
}
