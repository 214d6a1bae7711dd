package io.weft.common.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FilterTest {
    /** A /v1/health/service entry as Jackson would convert it. */
    private static Map<String, Object> entry(String version, List<String> tags) {
        final Map<String, Object> meta = new HashMap<>();
        if (version != null) {
            meta.put("version", version);
        }
        meta.put("dotted.key", "yes");
        final Map<String, Object> service = new HashMap<>();
        service.put("ID", "sum-1");
        service.put("Service", "sum");
        service.put("Meta", meta);
        service.put("Tags", tags);
        service.put("Port", 9000);
        service.put("EnableTagOverride", false);
        service.put("Address", "");
        service.put("Proxy", null);
        final Map<String, Object> root = new HashMap<>();
        root.put("Service", service);
        root.put("ServiceTags", tags);
        root.put("Checks", List.of(Map.of("Status", "passing")));
        return root;
    }

    private static final Map<String, Object> V1 = entry("v1", List.of("primary", "blue"));
    private static final Map<String, Object> V2 = entry("v2", List.of("canary"));
    private static final Map<String, Object> NO_VERSION = entry(null, List.of());

    private static boolean test(String expression, Map<String, Object> value) {
        return Filter.parse(expression).test(value);
    }

    @Test
    void equalityOnStringsNumbersAndBooleans() {
        assertThat(test("Service.Meta.version == v1", V1)).isTrue();
        assertThat(test("Service.Meta.version == \"v1\"", V2)).isFalse();
        assertThat(test("Service.Meta.version != v1", V2)).isTrue();
        assertThat(test("Service.Meta.version==`v2`", V2)).isTrue();
        assertThat(test("Service.Port == 9000", V1)).isTrue();
        assertThat(test("Service.Port == 9000.0", V1)).isTrue();
        assertThat(test("Service.Port != 9001", V1)).isTrue();
        assertThat(test("Service.EnableTagOverride == false", V1)).isTrue();
        assertThat(test("Service.EnableTagOverride == T", V1)).isFalse();
    }

    @Test
    void inAndContainsOnListsMapsAndStrings() {
        assertThat(test("canary in Service.Tags", V2)).isTrue();
        assertThat(test("\"canary\" in ServiceTags", V1)).isFalse();
        assertThat(test("canary not in Service.Tags", V1)).isTrue();
        assertThat(test("Service.Tags contains blue", V1)).isTrue();
        assertThat(test("Service.Tags not contains blue", V1)).isFalse();
        assertThat(test("version in Service.Meta", V1)).isTrue();
        assertThat(test("version in Service.Meta", NO_VERSION)).isFalse();
        assertThat(test("Service.ID contains \"m-\"", V1)).isTrue();
        assertThat(test("\"um\" in Service.Service", V1)).isTrue();
    }

    @Test
    void emptinessNilAndRegularExpressions() {
        assertThat(test("Service.Tags is empty", NO_VERSION)).isTrue();
        assertThat(test("Service.Tags is not empty", V1)).isTrue();
        assertThat(test("Service.Address is empty", V1)).isTrue();
        assertThat(test("Service.Proxy is nil", V1)).isTrue();
        assertThat(test("Service.Meta is not nil", V1)).isTrue();
        assertThat(test("Service.Meta.version matches \"^v[0-9]$\"", V2)).isTrue();
        assertThat(test("Service.ID matches `1`", V1)).isTrue();
        assertThat(test("Service.ID not matches `^web`", V1)).isTrue();
    }

    @Test
    void aMissingMapKeyAnswersAsGoBexprDoes() {
        assertThat(test("Service.Meta.version == v1", NO_VERSION)).isFalse();
        assertThat(test("Service.Meta.version != v1", NO_VERSION)).isTrue();
        assertThat(test("x in Service.Meta.version", NO_VERSION)).isFalse();
        assertThat(test("x not in Service.Meta.version", NO_VERSION)).isTrue();
        assertThat(test("Service.Meta.version is empty", NO_VERSION)).isTrue();
        assertThat(test("Service.Meta.version is not empty", NO_VERSION)).isFalse();
        assertThat(test("Service.Meta.version matches v", NO_VERSION)).isFalse();
        assertThat(test("Service.Meta.version not matches v", NO_VERSION)).isTrue();
        assertThat(test("Service.Meta.version is nil", NO_VERSION)).isTrue();
        assertThat(test("Service.Meta.version is not nil", NO_VERSION)).isFalse();
        // Under a null map (Consul renders a service without Meta as "Meta": null).
        assertThat(test("Service.Proxy.Mode == direct", V1)).isFalse();
    }

    @Test
    void selectorsWithIndexesBracketsAndJsonPointers() {
        assertThat(test("Service.Meta[\"dotted.key\"] == yes", V1)).isTrue();
        assertThat(test("Service.Meta[ `dotted.key` ] == yes", V1)).isTrue();
        assertThat(test("Service.Tags.1 == blue", V1)).isTrue();
        assertThat(test("Checks.0.Status == passing", V1)).isTrue();
        assertThat(test("\"/Service/Meta/version\" == v2", V2)).isTrue();
        assertThat(test("canary in \"/Service/Tags\"", V2)).isTrue();
    }

    @Test
    void precedenceIsNotThenAndThenOr() {
        // or binds loosest: true or (false and false).
        assertThat(test("Service.Meta.version == v1 or Service.Port == 1 and Service.ID == x", V1)).isTrue();
        // Parentheses change it: (true or false) and false.
        assertThat(test("(Service.Meta.version == v1 or Service.Port == 1) and Service.ID == x", V1)).isFalse();
        // not binds tighter than and.
        assertThat(test("not Service.Meta.version == v2 and Service.Port == 9000", V1)).isTrue();
        assertThat(test("not (Service.Meta.version == v1 and Service.Port == 9000)", V1)).isFalse();
        assertThat(test("not not Service.Meta.version == v1", V1)).isTrue();
        assertThat(test("  ( ( Service.Meta.version == v1 ) )  ", V1)).isTrue();
        assertThat(Filter.parse("a == 1 or b == 2 and not c is empty").structure())
                .isEqualTo("(a == \"1\" or (b == \"2\" and not c is empty))");
    }

    @Test
    void andOrShortCircuitSoALaterTypeErrorDoesNotMatter() {
        assertThat(test("Service.ID == x and Service.Port contains 1", V1)).isFalse();
        assertThat(test("Service.ID == \"sum-1\" or Service.Port contains 1", V1)).isTrue();
        assertThatThrownBy(() -> test("Service.ID == x or Service.Port contains 1", V1))
                .isInstanceOf(FilterException.class);
    }

    @Test
    void syntaxErrorsNameTheColumnAndWhatWasExpected() {
        assertError("", 1, "expected an expression");
        assertError("Service.ID ==", 14, "expected a value after \"==\"");
        assertError("Service.ID = x", 12, "expected an operator");
        assertError("Service.ID > 3", 12, "expected an operator");
        assertError("(Service.ID == x", 1, "unmatched '('");
        assertError("Service.ID == x)", 16, "unmatched ')'");
        assertError("Service.ID == \"x", 15, "unterminated string literal");
        assertError("Service.ID == x and", 20, "expected an expression after \"and\"");
        assertError("Service.ID == sum-1", 18, "expected \"and\", \"or\" or the end");
        assertError("Service.ID == x xor y", 17, "expected \"and\", \"or\" or the end");
        assertError("\"v1\" Service.Tags", 6, "expected \"in\" or \"not in\"");
        assertError("v1 in 3", 7, "expected a selector after \"in\"");
        assertError("Service.ID is full", 15, "after \"is\"");
        assertError("Service.Port == 12ab", 19, "invalid number literal");
        assertError("Service.ID matches \"[\"", 20, "invalid regular expression");
        assertError("Service.Meta[3] == x", 14, "invalid index");
        assertError("Service.Meta[\"a\" == x", 13, "unclosed index expression");
        assertError("any Service.Tags as t { t == x }", 1, "collection expressions");
        assertError("== x", 1, "expected a selector, a value or '('");
    }

    @Test
    void evaluationErrorsNameTheSelector() {
        assertEvalError("Bogus == x", "no field \"Bogus\"");
        assertEvalError("Service.Port contains 1", "cannot perform in/contains operations on type number");
        assertEvalError("Service.Port == abc", "Service.Port is a number");
        assertEvalError("Service.EnableTagOverride == yes", "expected: true or false");
        assertEvalError("Service.Port is empty", "cannot perform is-empty operations on type number");
        assertEvalError("Service.Tags == x", "only strings, numbers and booleans compare");
        assertEvalError("Service.Port matches x", "only strings match");
        assertEvalError("Service.ID.x == y", "\"Service.ID\" is a string, it has no \"x\"");
        assertEvalError("Service.Tags.7 == y", "is not an index of a list of 2");
        assertEvalError("Checks.Status == passing", "\"Status\" follows a list (expected: an index such as .0");
    }

    @Test
    void stringEscapes() {
        final Map<String, Object> v = Map.of("A", "a\tb\u00e9");
        assertThat(Filter.parse("A == \"a\\tb\\u00e9\"").test(v)).isTrue();
        assertThat(Filter.parse("A == \"a\\x09b\\xe9\"").test(v)).isTrue();
        assertError("A == \"\\q\"", 6, "invalid escape \\q");
    }

    private static void assertError(String expression, int column, String message) {
        assertThatThrownBy(() -> Filter.parse(expression))
                .as(expression)
                .isInstanceOfSatisfying(FilterException.class, e -> {
                    assertThat(e.getMessage()).contains(message).startsWith("column " + column + ": ");
                    assertThat(e.column()).isEqualTo(column);
                });
    }

    private static void assertEvalError(String expression, String message) {
        final Filter f = Filter.parse(expression);
        assertThatThrownBy(() -> f.test(V1))
                .as(expression)
                .isInstanceOfSatisfying(FilterException.class, e -> {
                    assertThat(e.getMessage()).contains(message);
                    assertThat(e.column()).isZero();
                });
    }
}
