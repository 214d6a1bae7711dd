package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PathTemplateTest {

    @Test
    void literalsAndSimpleVariables() {
        final PathTemplate t = PathTemplate.parse("/v1/sum/{a}/{b}");
        assertThat(t.fieldPaths()).containsExactly("a", "b");
        assertThat(t.match("/v1/sum/40/2")).isEqualTo(Map.of("a", "40", "b", "2"));
        assertThat(t.match("/v1/sum/40")).isNull();
        assertThat(t.match("/v1/sum/40/2/x")).isNull();
        assertThat(t.match("/v2/sum/40/2")).isNull();
        assertThat(t.match("/v1/sum//2")).as("a variable never matches an empty segment").isNull();
    }

    @Test
    void variableWithSegmentsAndNestedFieldPath() {
        final PathTemplate t = PathTemplate.parse("/v1/{book.name=shelves/*/books/*}");
        assertThat(t.fieldPaths()).containsExactly("book.name");
        assertThat(t.match("/v1/shelves/s1/books/b2")).isEqualTo(Map.of("book.name", "shelves/s1/books/b2"));
        assertThat(t.match("/v1/shelves/s1/cards/b2")).isNull();
    }

    @Test
    void doubleWildcardTakesZeroOrMoreSegments() {
        final PathTemplate t = PathTemplate.parse("/v1/{name=files/**}/meta");
        assertThat(t.match("/v1/files/a/b/c/meta")).isEqualTo(Map.of("name", "files/a/b/c"));
        assertThat(t.match("/v1/files/a/meta")).isEqualTo(Map.of("name", "files/a"));
        assertThat(t.match("/v1/files/meta")).isEqualTo(Map.of("name", "files"));
        assertThat(t.match("/v1/meta")).isNull();
    }

    @Test
    void verb() {
        final PathTemplate t = PathTemplate.parse("/v1/{name=**}:publish");
        assertThat(t.match("/v1/shelves/1:publish")).isEqualTo(Map.of("name", "shelves/1"));
        assertThat(t.match("/v1/shelves/1")).isNull();
        assertThat(t.match("/v1/shelves/1:unpublish")).isNull();
    }

    @Test
    void valuesArePercentDecodedButPlusStaysPlus() {
        final PathTemplate t = PathTemplate.parse("/v1/echo/{text}");
        assertThat(t.match("/v1/echo/a%20b+c%2Fd")).isEqualTo(Map.of("text", "a b+c/d"));
    }

    @Test
    void malformedPercentEncodingIsAnError() {
        assertThatThrownBy(() -> PathTemplate.parse("/v1/{x}").match("/v1/%zz"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moreLiteralsIsMoreSpecific() {
        assertThat(PathTemplate.parse("/v1/sum/special").specificity())
                .isGreaterThan(PathTemplate.parse("/v1/sum/{a}").specificity());
    }

    @Test
    void invalidTemplatesAreRejectedNamingTheProblem() {
        assertThatThrownBy(() -> PathTemplate.parse("v1/x")).hasMessageContaining("path template v1/x")
                                                            .hasMessageContaining("expected '/'");
        assertThatThrownBy(() -> PathTemplate.parse("/v1/{a")).hasMessageContaining("expected '}'");
        assertThatThrownBy(() -> PathTemplate.parse("/v1/{a={b}}")).hasMessageContaining("nested variable");
        assertThatThrownBy(() -> PathTemplate.parse("/v1/{1a}")).hasMessageContaining("variable name '1a'");
        assertThatThrownBy(() -> PathTemplate.parse("/**/x/**")).hasMessageContaining("more than one '**'");
        assertThatThrownBy(() -> PathTemplate.parse("/v1//x")).hasMessageContaining("unexpected '/'");
    }
}
