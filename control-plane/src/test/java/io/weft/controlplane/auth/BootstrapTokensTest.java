package io.weft.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BootstrapTokensTest {

    @Test
    void sharedTokenEntitlesEveryServiceWithoutItsOwn() {
        final BootstrapTokens tokens = new BootstrapTokens("shared", Map.of("sum", "sum-secret"));
        assertThat(tokens.entitles("hello", "shared")).isTrue();
        assertThat(tokens.entitles("gateway", "shared")).isTrue();
        assertThat(tokens.entitles("hello", "wrong")).isFalse();
        assertThat(tokens.entitles("sum", "sum-secret")).isTrue();
        assertThat(tokens.entitles("sum", "shared")).isFalse();
        assertThat(tokens.entitles("hello", "sum-secret")).isFalse();
    }

    @Test
    void withoutASharedTokenOnlyListedServicesGetIn() {
        final BootstrapTokens tokens = new BootstrapTokens(null, Map.of("sum", "s"));
        assertThat(tokens.entitles("sum", "s")).isTrue();
        assertThat(tokens.entitles("hello", "s")).isFalse();
        assertThat(tokens.entitles("hello", "")).isFalse();
    }

    @Test
    void needsAtLeastOneToken() {
        assertThatThrownBy(() -> new BootstrapTokens(null, Map.of())).hasMessageContaining("expected:");
    }

    @Test
    void parsesATokenFile() {
        assertThat(TokenFiles.parse("t", List.of("# tokens", "", "sum = a", "hello=b=c")))
                .containsExactly(Map.entry("sum", "a"), Map.entry("hello", "b=c"));
        assertThatThrownBy(() -> TokenFiles.parse("t", List.of("sum")))
                .hasMessage("t:1: 'sum' (expected: service=token)");
        assertThatThrownBy(() -> TokenFiles.parse("t", List.of("sum=a", "sum=b")))
                .hasMessageContaining("t:2: a second token for sum");
    }
}
