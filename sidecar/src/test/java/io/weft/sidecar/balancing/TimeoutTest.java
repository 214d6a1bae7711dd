package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.util.Exceptions;

class TimeoutTest {

    @Test
    void parsesEveryUnit() {
        assertThat(GrpcTimeout.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(GrpcTimeout.parse("3M")).isEqualTo(Duration.ofMinutes(3));
        assertThat(GrpcTimeout.parse("15S")).isEqualTo(Duration.ofSeconds(15));
        assertThat(GrpcTimeout.parse("250m")).isEqualTo(Duration.ofMillis(250));
        assertThat(GrpcTimeout.parse("1500u")).isEqualTo(Duration.ofNanos(1_500_000));
        assertThat(GrpcTimeout.parse("99999999n")).isEqualTo(Duration.ofNanos(99_999_999));
        assertThat(GrpcTimeout.parse("0m")).isZero();
    }

    @Test
    void rejectsMalformedValuesNamingTheForm() {
        for (String bad : new String[] { "", "m", "10", "10s", "10x", "-1S", "1.5S", "123456789S", " 1S" }) {
            assertThatThrownBy(() -> GrpcTimeout.parse(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected: 1-8 digits followed by one of H, M, S, m, u, n");
        }
        assertThat(GrpcTimeout.tryParse("soon")).isEmpty();
        assertThat(GrpcTimeout.tryParse(null)).isEmpty();
    }

    @Test
    void smallerGrpcTimeoutWinsAndExpires() throws Exception {
        final ClusterPolicy policy = ClusterPolicy.builder().requestTimeout(Duration.ofHours(1)).build();
        try (Fixture f = Fixture.equal(policy, 1)) {
            f.backend(0).hold();
            try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
                final var res = f.client.execute(grpc("50m")).aggregate();
                assertThat(captor.get().responseTimeoutMillis()).isBetween(1L, 50L);
                final Throwable cause = res.handle((r, e) -> e).get(30, TimeUnit.SECONDS);
                assertThat(Exceptions.peel(cause)).isInstanceOf(ResponseTimeoutException.class);
            }
        }
    }

    @Test
    void policyTimeoutAppliesWhenSmallerOrWhenGrpcTimeoutIsMalformed() {
        final ClusterPolicy policy = ClusterPolicy.builder().requestTimeout(Duration.ofSeconds(2)).build();
        try (Fixture f = Fixture.equal(policy, 1)) {
            // Read as the request starts; RetryingClient later counts the parent's timeout down.
            assertThat(timeoutOf(f, grpc("1M"))).isBetween(1L, 2000L);
            assertThat(timeoutOf(f, grpc("soon"))).isBetween(1L, 2000L);
            assertThat(timeoutOf(f, HttpRequest.of(HttpMethod.GET, "/"))).isBetween(1L, 2000L);
            assertThat(timeoutOf(f, grpc("0n"))).isEqualTo(1); // expired already: as short as Armeria allows
        }
    }

    private static long timeoutOf(Fixture f, HttpRequest req) {
        try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            final var res = f.client.execute(req).aggregate();
            final ClientRequestContext ctx = captor.get();
            final long timeout = ctx.responseTimeoutMillis();
            res.handle((r, e) -> null).join();
            return timeout;
        }
    }

    private static HttpRequest grpc(String timeout) {
        return HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/pkg.Svc/Method")
                                            .contentType(MediaType.parse("application/grpc"))
                                            .add(GrpcTimeout.HEADER, timeout).build(),
                              HttpData.wrap(RetryTest.frames(1)));
    }
}
