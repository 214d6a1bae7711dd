package io.weft.sidecar.balancing;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.grpc.protocol.GrpcHeaderNames;

import io.weft.common.annotation.Nullable;

/**
 * The retries a Consul route asks for, which replace the cluster's own for the requests it routes
 * (set on a request as {@link UpstreamCluster#ROUTE_RETRY}). Consul hands a route's {@code NumRetries},
 * {@code RetryOnConnectFailure}, {@code RetryOnStatusCodes} and {@code RetryOn} to Envoy as one retry
 * policy, and so does this: retries happen only on the conditions named ({@link RetryCondition}, plus
 * {@code connect-failure} for {@code RetryOnConnectFailure} and the listed status codes), at most
 * {@code NumRetries} times (Envoy's default, 1, when it is 0 and a condition is named). A route without
 * any of these ({@link #NONE}) retries no answer and no broken stream, as under Envoy; one thing the
 * sidecar keeps from its own rules for every route: a request that provably never reached the upstream
 * (connect failure, refused stream, beyond a GOAWAY) is sent to another endpoint
 * ({@link ClusterPolicy#retryUnprocessedAnyMethod()}), since nothing can have been executed twice —
 * where Envoy, without a retry policy, would answer 503.
 *
 * <p>As Envoy, a route's retries apply to any method (a {@code POST} too: the route asked for it), within
 * the retry budget and the replay limit; a gRPC call that has sent two or more messages is still never
 * retried (gRPC's A6 rule: it is streaming).
 */
public final class RouteRetry {

    /** No retries at all: a route that names no retry condition. */
    public static final RouteRetry NONE = new RouteRetry(0, EnumSet.noneOf(RetryCondition.class), Set.of());

    private static final String CANCELLED = "1";
    private static final String DEADLINE_EXCEEDED = "4";
    private static final String RESOURCE_EXHAUSTED = "8";
    private static final String INTERNAL = "13";
    private static final String UNAVAILABLE = "14";

    private final int numRetries;
    private final Set<RetryCondition> conditions;
    private final Set<Integer> statusCodes;

    private RouteRetry(int numRetries, Set<RetryCondition> conditions, Set<Integer> statusCodes) {
        this.numRetries = numRetries;
        this.conditions = conditions;
        this.statusCodes = statusCodes;
    }

    /**
     * The retry policy of a route destination, as Consul builds Envoy's.
     *
     * @throws IllegalArgumentException naming a {@code RetryOn} value that is not a known condition, or
     *                                  a status code outside 100-599
     */
    public static RouteRetry of(long numRetries, boolean retryOnConnectFailure, List<Integer> retryOnStatusCodes,
                                List<String> retryOn) {
        final EnumSet<RetryCondition> conditions = EnumSet.noneOf(RetryCondition.class);
        retryOn.forEach(name -> conditions.add(RetryCondition.of(name)));
        if (retryOnConnectFailure) {
            conditions.add(RetryCondition.CONNECT_FAILURE);
        }
        for (int code : retryOnStatusCodes) {
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException("RetryOnStatusCodes: " + code + " (expected: 100-599)");
            }
        }
        if (conditions.isEmpty() && retryOnStatusCodes.isEmpty()) {
            return NONE;
        }
        if (numRetries < 0) {
            throw new IllegalArgumentException("NumRetries: " + numRetries + " (expected: >= 0)");
        }
        return new RouteRetry(numRetries == 0 ? 1 : (int) Math.min(numRetries, Integer.MAX_VALUE - 1),
                              conditions, Set.copyOf(retryOnStatusCodes));
    }

    /** Retries after the first attempt. */
    public int numRetries() {
        return numRetries;
    }

    public Set<RetryCondition> conditions() {
        return Set.copyOf(conditions);
    }

    /**
     * Whether an attempt that ended with {@code cause} (already peeled), or with these response headers
     * and (for calls whose whole response was read) trailers, is one this route retries.
     */
    boolean isRetryable(@Nullable Throwable cause, @Nullable ResponseHeaders headers,
                        @Nullable HttpHeaders trailers) {
        if (cause != null) {
            if (!Outcome.isConnectionFailure(cause)) {
                return false; // a timeout or cancellation: the deadline is the request's, not an attempt's
            }
            if (has(RetryCondition.FIVE_XX) || has(RetryCondition.GATEWAY_ERROR) || has(RetryCondition.RESET)) {
                return true;
            }
            if (cause instanceof UnprocessedRequestException) {
                return Outcome.isConnectFailure(cause) ? has(RetryCondition.CONNECT_FAILURE)
                                                       : has(RetryCondition.REFUSED_STREAM);
            }
            return false;
        }
        if (headers == null) {
            return false;
        }
        final int status = headers.status().code();
        if (statusCodes.contains(status) ||
            has(RetryCondition.FIVE_XX) && status >= 500 && status <= 599 ||
            has(RetryCondition.GATEWAY_ERROR) && status >= 502 && status <= 504 ||
            has(RetryCondition.RETRIABLE_4XX) && status == 409) {
            return true;
        }
        final String grpcStatus = grpcStatus(headers, trailers);
        return grpcStatus != null &&
               (has(RetryCondition.CANCELLED) && CANCELLED.equals(grpcStatus) ||
                has(RetryCondition.DEADLINE_EXCEEDED) && DEADLINE_EXCEEDED.equals(grpcStatus) ||
                has(RetryCondition.RESOURCE_EXHAUSTED) && RESOURCE_EXHAUSTED.equals(grpcStatus) ||
                has(RetryCondition.INTERNAL) && INTERNAL.equals(grpcStatus) ||
                has(RetryCondition.UNAVAILABLE) && UNAVAILABLE.equals(grpcStatus));
    }

    private boolean has(RetryCondition c) {
        return conditions.contains(c);
    }

    @Nullable
    private static String grpcStatus(ResponseHeaders headers, @Nullable HttpHeaders trailers) {
        final String inHeaders = headers.get(GrpcHeaderNames.GRPC_STATUS); // trailers-only
        return inHeaders != null ? inHeaders : trailers == null ? null : trailers.get(GrpcHeaderNames.GRPC_STATUS);
    }

    @Override
    public String toString() {
        return "RouteRetry{numRetries=" + numRetries + ", on=" + conditions + ", statusCodes=" + statusCodes + '}';
    }
}
