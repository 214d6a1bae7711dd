package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * A cluster used on its own times the whole request by its policy; with a zero timeout (as the sidecar
 * builds its clusters, with no client timeout, the listener's deadline being the hop's one timer) it
 * leaves the client's own.
 * {@code grpc-timeout} is not the cluster's business: the listener's deadline layer reads it.
 */
class TimeoutTest {

    @Test
    void policyTimeoutTimesTheWholeRequest() throws Exception {
        final ClusterPolicy policy = ClusterPolicy.builder().requestTimeout(Duration.ofMillis(50)).build();
        try (Fixture f = Fixture.equal(policy, 1)) {
            f.backend(0).hold();
            try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
                final var res = f.client.execute(grpc("1H")).aggregate();
                assertThat(captor.get().responseTimeoutMillis()).isBetween(1L, 50L); // counted down from the start
                final Throwable cause = res.handle((r, e) -> e).get(30, TimeUnit.SECONDS);
                assertThat(Exceptions.peel(cause)).isInstanceOf(ResponseTimeoutException.class);
            }
        }
    }

    @Test
    void noPolicyTimeoutLeavesTheClientsOwnWhateverTheCallerSays() {
        final ClusterPolicy policy = ClusterPolicy.builder().requestTimeout(Duration.ZERO).build();
        try (Fixture f = Fixture.equal(policy, 1)) {
            // Armeria's default response timeout (seconds), untouched by the caller's 50 ms.
            assertThat(timeoutOf(f, HttpRequest.of(HttpMethod.GET, "/"))).isGreaterThan(1000);
            assertThat(timeoutOf(f, grpc("50m"))).isGreaterThan(1000);
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
                                            .add("grpc-timeout", timeout).build(),
                              HttpData.wrap(RetryTest.frames(1)));
    }
}
