package io.weft.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SpiffeIdTest {

    @Test
    void formatsAndParsesConsulStyleIds() {
        final SpiffeId id = SpiffeId.of("weft.local", "default", "dc1", "sum");
        assertThat(id.uri()).isEqualTo("spiffe://weft.local/ns/default/dc/dc1/svc/sum");
        assertThat(id).hasToString(id.uri());
        assertThat(SpiffeId.parse(id.uri())).isEqualTo(id);
        assertThat(SpiffeId.of("weft.local", "dc1", "sum")).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://weft.local/ns/default/dc/dc1/svc/sum      | to start with 'spiffe://'",
            "spiffe://weft.local                              | expected: a path",
            "spiffe://weft.local/ns/default/dc/dc1            | expected: path /ns/",
            "spiffe://weft.local/ns/default/dc/dc1/svc/sum/x  | expected: path /ns/",
            "spiffe://weft.local/ns/default/sa/dc1/svc/sum    | expected: path /ns/",
            "spiffe://Weft.Local/ns/default/dc/dc1/svc/sum    | trustDomain: 'Weft.Local'",
            "spiffe://weft..local/ns/default/dc/dc1/svc/sum   | trustDomain: 'weft..local'",
            "spiffe:///ns/default/dc/dc1/svc/sum              | trustDomain: ''",
            "spiffe://weft.local/ns//dc/dc1/svc/sum           | namespace: ''",
            "spiffe://weft.local/ns/default/dc/d c/svc/sum    | datacenter: 'd c'",
            "spiffe://weft.local/ns/default/dc/dc1/svc/-sum   | service: '-sum'",
            "spiffe://weft.local/ns/default/dc/dc1/svc/sum?x=1 | service: 'sum?x=1'",
    })
    void rejectsMalformedIdsNamingThePart(String uri, String message) {
        assertThatThrownBy(() -> SpiffeId.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsTooLongNames() {
        assertThatThrownBy(() -> SpiffeId.of("weft.local", "dc1", "s".repeat(64)))
                .hasMessageStartingWith("service: 'sss")
                .hasMessageContaining("expected: 1-63 characters");
    }
}
