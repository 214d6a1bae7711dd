package io.weft.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.chain.RouteMatch.HeaderMatch;
import io.weft.controlplane.snapshot.IntentionAction;
import io.weft.controlplane.snapshot.IntentionPermission;

class IntentionsJsonTest {

    @Test
    void parsesConsulsShape() {
        assertThat(IntentionsJson.parse(
                "[{\"ID\":\"a\",\"SourceName\":\"hello\",\"DestinationName\":\"sum\",\"Action\":\"deny\"," +
                "\"Precedence\":9},{\"ID\":\"b\",\"SourceName\":\"*\",\"DestinationName\":\"sum\"," +
                "\"Action\":\"allow\"}]"))
                .containsExactly(new Intention("hello", "sum", IntentionAction.DENY, 9),
                                 new Intention("*", "sum", IntentionAction.ALLOW, 8));
    }

    @Test
    void nullIsNoIntentions() {
        assertThat(IntentionsJson.parse("null")).isEmpty();
        assertThat(IntentionsJson.parse("[]")).isEmpty();
    }

    @Test
    void readsL7PermissionsInTheOrderWritten() {
        final List<Intention> parsed = IntentionsJson.parse(
                "[{\"SourceName\":\"web\",\"DestinationName\":\"sum\",\"Precedence\":9,\"Action\":\"\"," +
                "\"Permissions\":[{\"Action\":\"deny\",\"HTTP\":{\"PathPrefix\":\"/admin\",\"Methods\":[\"get\"]," +
                "\"Header\":[{\"Name\":\"X-User\",\"Regex\":\"a.*\",\"Invert\":true}]}}," +
                "{\"Action\":\"allow\",\"HTTP\":{\"PathRegex\":\"/v[0-9]+/.*\"}}]}]");
        assertThat(parsed).containsExactly(Intention.of("web", "sum", List.of(
                new IntentionPermission(IntentionAction.DENY, "", "/admin", "",
                                        List.of(new HeaderMatch("x-user", false, "", "", "", "a.*", true)),
                                        List.of("GET")),
                new IntentionPermission(IntentionAction.ALLOW, "", "", "/v[0-9]+/.*", List.of(), List.of()))));
    }

    @Test
    void anL7IntentionConsulWouldRefuseIsADenyOfItsSourceWithConsulsMessage() {
        assertRejected("{\"Action\":\"allow\",\"HTTP\":{\"PathExact\":\"/a\",\"PathPrefix\":\"/b\"}}",
                       "intention web -> sum: Permissions[0].HTTP should only contain at most one of PathExact, " +
                       "PathPrefix, or PathRegex");
        assertRejected("{\"Action\":\"allow\",\"HTTP\":{\"PathExact\":\"a\"}}",
                       "intention web -> sum: Permissions[0].HTTP.PathExact doesn't start with '/': \"a\"");
        assertRejected("{\"Action\":\"allow\",\"HTTP\":{\"PathPrefix\":\"a\"}}",
                       "intention web -> sum: Permissions[0].HTTP.PathPrefix doesn't start with '/': \"a\"");
        assertRejected("{\"Action\":\"maybe\",\"HTTP\":{\"PathPrefix\":\"/\"}}",
                       "intention web -> sum: Permissions[0].Action must be set to 'allow' or 'deny'");
        assertRejected("{\"Action\":\"deny\"}", "intention web -> sum: Permissions[0].HTTP is required");
        assertRejected("{\"Action\":\"deny\",\"HTTP\":{}}",
                       "intention web -> sum: Permissions[0].HTTP should not be empty");
        assertRejected("{\"Action\":\"deny\",\"HTTP\":{\"Header\":[{\"Exact\":\"1\"}]}}",
                       "intention web -> sum: Permissions[0].HTTP.Header[0] missing required Name field");
        assertRejected("{\"Action\":\"deny\",\"HTTP\":{\"Header\":[{\"Name\":\"x\",\"Exact\":\"1\"," +
                       "\"Present\":true}]}}",
                       "intention web -> sum: Permissions[0].HTTP.Header[0] should only contain one of Present, " +
                       "Exact, Prefix, Suffix, or Regex");
        assertRejected("{\"Action\":\"deny\",\"HTTP\":{\"Methods\":[\"FETCH\"]}}",
                       "intention web -> sum: Permissions[0].HTTP.Methods contains an invalid method \"FETCH\"");
        assertRejected("{\"Action\":\"deny\",\"HTTP\":{\"Methods\":[\"GET\",\"get\"]}}",
                       "intention web -> sum: Permissions[0].HTTP.Methods contains \"GET\" more than once");
        assertRejected("{\"Action\":\"deny\",\"HTTP\":{\"PathRegex\":\"/a(\"}}",
                       "intention web -> sum: Permissions[0].HTTP.PathRegex: not a regular expression weft can " +
                       "apply: Unclosed group near index 3 of \"/a(\"");
        assertRejected("{\"Action\":\"deny\",\"HTTP\":{\"PathPrefix\":\"/\"},\"JWT\":{\"Providers\":[]}}",
                       "intention web -> sum: Permissions[0].JWT: not supported by weft (JWT providers are not " +
                       "enforced)");
        final List<Intention> both = IntentionsJson.parse(
                "[{\"SourceName\":\"web\",\"DestinationName\":\"sum\",\"Action\":\"allow\"," +
                "\"Permissions\":[{\"Action\":\"deny\",\"HTTP\":{\"PathPrefix\":\"/\"}}]}]");
        assertThat(both.get(0).error()).isEqualTo("intention web -> sum: Action must be omitted if Permissions are " +
                                                  "specified");
        final List<Intention> wildcard = IntentionsJson.parse(
                "[{\"SourceName\":\"web\",\"DestinationName\":\"*\"," +
                "\"Permissions\":[{\"Action\":\"deny\",\"HTTP\":{\"PathPrefix\":\"/\"}}]}]");
        assertThat(wildcard.get(0).error()).isEqualTo("intention web -> *: Permissions cannot be specified on " +
                                                      "intentions with wildcarded destinations");
        assertThat(wildcard.get(0).action()).isEqualTo(IntentionAction.DENY);
        assertThat(wildcard.get(0).precedence()).isEqualTo(6);
    }

    private static void assertRejected(String permission, String error) {
        final List<Intention> parsed = IntentionsJson.parse(
                "[{\"SourceName\":\"web\",\"DestinationName\":\"sum\",\"Precedence\":9,\"Permissions\":[" +
                permission + "]}]");
        assertThat(parsed).containsExactly(Intention.unapplicable("web", "sum", 9, error));
    }

    @Test
    void rejectsWhatIsNotAnArray() {
        assertThatThrownBy(() -> IntentionsJson.parse("{\"a\":1}"))
                .hasMessageContaining("expected: an array");
        assertThatThrownBy(() -> IntentionsJson.parse("[{")).hasMessageContaining("not JSON");
    }
}
