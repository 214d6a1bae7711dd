package io.weft.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.snapshot.IntentionAction;

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
    void skipsL7IntentionsWithoutAnAction() {
        assertThat(IntentionsJson.parse(
                "[{\"SourceName\":\"hello\",\"DestinationName\":\"sum\",\"Permissions\":[{}]}]")).isEmpty();
    }

    @Test
    void rejectsWhatIsNotAnArray() {
        assertThatThrownBy(() -> IntentionsJson.parse("{\"a\":1}"))
                .hasMessageContaining("expected: an array");
        assertThatThrownBy(() -> IntentionsJson.parse("[{")).hasMessageContaining("not JSON");
    }
}
