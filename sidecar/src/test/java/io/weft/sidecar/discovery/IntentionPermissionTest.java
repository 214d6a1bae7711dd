package io.weft.sidecar.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.weft.sidecar.discovery.IntentionPermission.HeaderCriterion;

/** Every criterion of an L7 permission, as Consul's Envoy RBAC matches it. */
class IntentionPermissionTest {

    private static RequestAttributes request(String method, String path, Map<String, String> headers) {
        return new RequestAttributes(method, path, headers::get);
    }

    private static RequestAttributes get(String path) {
        return request("GET", path, Map.of());
    }

    private static IntentionPermission path(String exact, String prefix, String regex) {
        return new IntentionPermission(0, false, exact, prefix, regex.isEmpty() ? null : Pattern.compile(regex),
                                       List.of(), Set.of());
    }

    private static IntentionPermission header(HeaderCriterion criterion) {
        return new IntentionPermission(0, false, "", "", null, List.of(criterion), Set.of());
    }

    private static HeaderCriterion criterion(boolean present, String exact, String prefix, String suffix,
                                             String regex, boolean invert) {
        return new HeaderCriterion("x-user", present, exact, prefix, suffix,
                                   regex.isEmpty() ? null : Pattern.compile(regex), invert);
    }

    private static boolean withUser(IntentionPermission p, String user) {
        return p.matches(request("GET", "/", user == null ? Map.of() : Map.of("x-user", user)));
    }

    @Test
    void pathExactPrefixAndRegexOfTheWholePath() {
        assertThat(path("/admin", "", "").matches(get("/admin"))).isTrue();
        assertThat(path("/admin", "", "").matches(get("/admin/x"))).isFalse();
        assertThat(path("", "/admin", "").matches(get("/admin/x"))).isTrue();
        assertThat(path("", "/admin", "").matches(get("/administrator"))).isTrue(); // a string prefix, as Envoy
        assertThat(path("", "/admin", "").matches(get("/v1/admin"))).isFalse();
        assertThat(path("", "", "/v[0-9]+/admin").matches(get("/v2/admin"))).isTrue();
        assertThat(path("", "", "/v[0-9]+/admin").matches(get("/v2/admin/x"))).isFalse(); // must match all of it
        assertThat(path("", "", "").matches(get("/anything"))).isTrue();
    }

    @Test
    void theQueryIsNotPartOfThePath() {
        assertThat(RequestAttributes.withoutQuery("/admin?x=1")).isEqualTo("/admin");
        assertThat(RequestAttributes.withoutQuery("/admin#top")).isEqualTo("/admin");
        assertThat(RequestAttributes.withoutQuery("/admin")).isEqualTo("/admin");
    }

    @Test
    void methodsAnyOfThem() {
        final IntentionPermission p = new IntentionPermission(0, false, "", "", null, List.of(), Set.of("GET", "HEAD"));
        assertThat(p.matches(get("/"))).isTrue();
        assertThat(p.matches(request("HEAD", "/", Map.of()))).isTrue();
        assertThat(p.matches(request("POST", "/", Map.of()))).isFalse();
    }

    @Test
    void everyHeaderOperator() {
        assertThat(withUser(header(criterion(true, "", "", "", "", false)), "ada")).isTrue();
        assertThat(withUser(header(criterion(true, "", "", "", "", false)), null)).isFalse();
        assertThat(withUser(header(criterion(false, "ada", "", "", "", false)), "ada")).isTrue();
        assertThat(withUser(header(criterion(false, "ada", "", "", "", false)), "adam")).isFalse();
        assertThat(withUser(header(criterion(false, "", "ad", "", "", false)), "ada")).isTrue();
        assertThat(withUser(header(criterion(false, "", "ad", "", "", false)), "bob")).isFalse();
        assertThat(withUser(header(criterion(false, "", "", "da", "", false)), "ada")).isTrue();
        assertThat(withUser(header(criterion(false, "", "", "da", "", false)), "dan")).isFalse();
        assertThat(withUser(header(criterion(false, "", "", "", "a.a", false)), "ada")).isTrue();
        assertThat(withUser(header(criterion(false, "", "", "", "a.a", false)), "adam")).isFalse(); // whole value
    }

    @Test
    void invertNegatesAndAMissingHeaderMatchesOnlyAnInvertedPresent() {
        assertThat(withUser(header(criterion(true, "", "", "", "", true)), null)).isTrue();
        assertThat(withUser(header(criterion(true, "", "", "", "", true)), "ada")).isFalse();
        assertThat(withUser(header(criterion(false, "ada", "", "", "", true)), "bob")).isTrue();
        assertThat(withUser(header(criterion(false, "ada", "", "", "", true)), "ada")).isFalse();
        assertThat(withUser(header(criterion(false, "", "ad", "", "", true)), "bob")).isTrue();
        assertThat(withUser(header(criterion(false, "", "", "da", "", true)), "bob")).isTrue();
        assertThat(withUser(header(criterion(false, "", "", "", "a.a", true)), "bob")).isTrue();
        // Envoy: a missing header fails an inverted exact/prefix/suffix/regex too.
        assertThat(withUser(header(criterion(false, "ada", "", "", "", true)), null)).isFalse();
        assertThat(withUser(header(criterion(false, "", "", "", "a.a", true)), null)).isFalse();
    }

    /** The admin {@code /config} document renders the pushed rules with Jackson: patterns as their text. */
    @Test
    void rendersAsJsonWithItsPatternsAsText() throws Exception {
        final IntentionRule rule = new IntentionRule("web", false, 9, List.of(new IntentionPermission(
                0, false, "", "", Pattern.compile("/v[0-9]+/.*"),
                List.of(criterion(false, "", "", "", "a.*", true)), Set.of("GET"))));
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(rule)).isEqualTo(
                "{\"source\":\"web\",\"allow\":false,\"precedence\":9,\"permissions\":[{\"index\":0," +
                "\"allow\":false,\"pathExact\":\"\",\"pathPrefix\":\"\",\"pathRegex\":\"/v[0-9]+/.*\"," +
                "\"headers\":[{\"name\":\"x-user\",\"present\":false,\"exact\":\"\",\"prefix\":\"\"," +
                "\"suffix\":\"\",\"regex\":\"a.*\",\"invert\":true}],\"methods\":[\"GET\"]}]}");
    }

    @Test
    void everyCriterionGivenMustHold() {
        final IntentionPermission p = new IntentionPermission(
                2, false, "", "/admin", null, List.of(criterion(false, "ada", "", "", "", false)), Set.of("GET"));
        assertThat(p.matches(request("GET", "/admin/users", Map.of("x-user", "ada")))).isTrue();
        assertThat(p.matches(request("POST", "/admin/users", Map.of("x-user", "ada")))).isFalse();
        assertThat(p.matches(request("GET", "/public", Map.of("x-user", "ada")))).isFalse();
        assertThat(p.matches(request("GET", "/admin/users", Map.of("x-user", "bob")))).isFalse();
        assertThat(p.describe()).isEqualTo("deny GET /admin*, header x-user = \"ada\"");
    }
}
