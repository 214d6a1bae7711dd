package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;


/** The mapping of a Consul route's retry settings onto what an attempt ended with (Envoy's retry-on). */
class RouteRetryTest {

    private static final Throwable CONNECT = UnprocessedRequestException.of(new ConnectException("refused"));
    private static final Throwable REFUSED = UnprocessedRequestException.of(new IllegalStateException("GOAWAY"));
    private static final Throwable RESET = ClosedSessionException.get();

    private static RouteRetry on(String... conditions) {
        return RouteRetry.of(2, false, List.of(), List.of(conditions));
    }

    private static boolean status(RouteRetry r, int code) {
        return r.isRetryable(null, ResponseHeaders.of(HttpStatus.valueOf(code)), null);
    }

    private static boolean grpc(RouteRetry r, String grpcStatus, boolean inTrailers) {
        final ResponseHeaders headers = inTrailers ? ResponseHeaders.of(200)
                                                   : ResponseHeaders.of(HttpStatus.OK, "grpc-status", grpcStatus);
        return r.isRetryable(null, headers, inTrailers ? HttpHeaders.of("grpc-status", grpcStatus) : null);
    }

    @Test
    void aRouteWithoutConditionsRetriesNothing() {
        assertThat(RouteRetry.of(3, false, List.of(), List.of())).isSameAs(RouteRetry.NONE);
        assertThat(RouteRetry.NONE.numRetries()).isZero();
    }

    @Test
    void numRetriesDefaultsToOneOnceAConditionIsNamed() {
        assertThat(RouteRetry.of(0, true, List.of(), List.of()).numRetries()).isEqualTo(1);
        assertThat(RouteRetry.of(5, false, List.of(503), List.of()).numRetries()).isEqualTo(5);
    }

    @Test
    void statusConditions() {
        assertThat(status(on("5xx"), 500)).isTrue();
        assertThat(status(on("5xx"), 404)).isFalse();
        assertThat(status(on("gateway-error"), 503)).isTrue();
        assertThat(status(on("gateway-error"), 500)).isFalse();
        assertThat(status(on("retriable-4xx"), 409)).isTrue();
        assertThat(status(on("retriable-4xx"), 400)).isFalse();
        final RouteRetry codes = RouteRetry.of(1, false, List.of(429, 503), List.of());
        assertThat(status(codes, 429)).isTrue();
        assertThat(status(codes, 503)).isTrue();
        assertThat(status(codes, 500)).isFalse();
        assertThat(status(codes, 200)).isFalse();
        assertThat(status(on("envoy-ratelimited"), 429)).isFalse(); // no Envoy rate limiter here
    }

    @Test
    void connectionConditions() {
        final RouteRetry connect = RouteRetry.of(1, true, List.of(), List.of());
        assertThat(connect.isRetryable(CONNECT, null, null)).isTrue();
        assertThat(connect.isRetryable(REFUSED, null, null)).isFalse();
        assertThat(connect.isRetryable(RESET, null, null)).isFalse();
        assertThat(status(connect, 503)).isFalse();
        assertThat(on("refused-stream").isRetryable(REFUSED, null, null)).isTrue();
        assertThat(on("refused-stream").isRetryable(CONNECT, null, null)).isFalse();
        for (String broad : List.of("5xx", "gateway-error", "reset")) {
            assertThat(on(broad).isRetryable(CONNECT, null, null)).as(broad).isTrue();
            assertThat(on(broad).isRetryable(REFUSED, null, null)).as(broad).isTrue();
            assertThat(on(broad).isRetryable(RESET, null, null)).as(broad).isTrue();
        }
        assertThat(status(on("reset"), 503)).isFalse();
        // the deadline belongs to the whole request: a timeout is never retried
        assertThat(on("5xx").isRetryable(ResponseTimeoutException.get(), null, null)).isFalse();
    }

    @Test
    void grpcConditionsInHeadersAndTrailers() {
        final String[][] pairs = {{"cancelled", "1"}, {"deadline-exceeded", "4"}, {"resource-exhausted", "8"},
                                  {"internal", "13"}, {"unavailable", "14"}};
        for (String[] p : pairs) {
            assertThat(grpc(on(p[0]), p[1], false)).as(p[0]).isTrue();
            assertThat(grpc(on(p[0]), p[1], true)).as(p[0]).isTrue();
            assertThat(grpc(on(p[0]), "0", false)).as(p[0]).isFalse();
        }
        assertThat(grpc(on("unavailable"), "13", false)).isFalse();
    }

    @Test
    void aRoutesRetriesReplaceTheClustersRulesButNotItsUnprocessedFloor() {
        final RetryRules rules = new RetryRules(ClusterPolicy.ofDefault());
        final ResponseHeaders unavailable = ResponseHeaders.of(HttpStatus.SERVICE_UNAVAILABLE);
        // no conditions: a 503 or a reset is the caller's, a request that never reached the upstream is resent
        final AttemptHistory plain = new AttemptHistory(RequestKind.IDEMPOTENT_HTTP, null, null, RouteRetry.NONE);
        assertThat(rules.isRetryable(plain, null, unavailable, null)).isFalse();
        assertThat(rules.isRetryable(plain, RESET, null, null)).isFalse();
        assertThat(rules.isRetryable(plain, CONNECT, null, null)).isTrue();
        // conditions: any method, as Envoy (a POST is OTHER)
        final AttemptHistory post = new AttemptHistory(RequestKind.OTHER, null, null,
                                                       RouteRetry.of(2, false, List.of(503), List.of()));
        assertThat(rules.isRetryable(post, null, unavailable, null)).isTrue();
        // but never a gRPC call not known to be unary (A6)
        final AttemptHistory stream = new AttemptHistory(RequestKind.GRPC_UNKNOWN, null, null,
                                                         RouteRetry.of(2, false, List.of(), List.of("unavailable")));
        assertThat(rules.isRetryable(stream, null, ResponseHeaders.of(HttpStatus.OK, "grpc-status", "14"), null))
                .isFalse();
    }

    @Test
    void unknownConditionsAndCodesAreRefusedByName() {
        assertThatThrownBy(() -> on("5xx", "sometimes"))
                .hasMessageStartingWith("RetryOn: 'sometimes' (expected one of: 5xx, gateway-error, reset,");
        assertThatThrownBy(() -> RouteRetry.of(1, false, List.of(700), List.of()))
                .hasMessage("RetryOnStatusCodes: 700 (expected: 100-599)");
    }
}
