package io.weft.sidecar.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthoritiesTest {
    @Test
    void serviceNamesWithOrWithoutSuffixAndPort() {
        assertThat(Authorities.serviceOf("sum")).isEqualTo("sum");
        assertThat(Authorities.serviceOf("sum:15001")).isEqualTo("sum");
        assertThat(Authorities.serviceOf("sum.weft")).isEqualTo("sum");
        assertThat(Authorities.serviceOf("SUM.weft:80")).isEqualTo("sum");
        assertThat(Authorities.serviceOf("user@sum")).isEqualTo("sum");
        assertThat(Authorities.serviceOf("[::1]:15001")).isNull();
        assertThat(Authorities.serviceOf("")).isNull();
        assertThat(Authorities.serviceOf(null)).isNull();
    }
}
