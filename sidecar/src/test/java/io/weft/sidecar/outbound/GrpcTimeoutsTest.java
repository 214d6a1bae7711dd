package io.weft.sidecar.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class GrpcTimeoutsTest {
    @Test
    void parsesEveryUnitAndRejectsGarbage() {
        assertThat(GrpcTimeouts.parse("1H")).contains(Duration.ofHours(1));
        assertThat(GrpcTimeouts.parse("2M")).contains(Duration.ofMinutes(2));
        assertThat(GrpcTimeouts.parse("3S")).contains(Duration.ofSeconds(3));
        assertThat(GrpcTimeouts.parse("400m")).contains(Duration.ofMillis(400));
        assertThat(GrpcTimeouts.parse("500u")).contains(Duration.ofNanos(500_000));
        assertThat(GrpcTimeouts.parse("600n")).contains(Duration.ofNanos(600));
        assertThat(GrpcTimeouts.parse("123456789S")).isEmpty();
        assertThat(GrpcTimeouts.parse("5x")).isEmpty();
        assertThat(GrpcTimeouts.parse("S")).isEmpty();
        assertThat(GrpcTimeouts.parse(null)).isEmpty();
    }
}
