package io.weft.sidecar.balancing;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.retry.Backoff;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;

/**
 * What makes a failed attempt worth sending again (to another endpoint: the selector skips those already
 * tried), as a pure decision over what the attempt ended with. The attempt limit, the replay buffer and
 * the {@link RetryBudget} are checked by {@link RequestAttempts}.
 *
 * <p>Retried: a request that never reached the upstream ({@link UnprocessedRequestException}: connect
 * failure, refused stream, beyond a GOAWAY) or that the upstream's sidecar answered without passing it on to
 * its app ({@link #neverProcessed}: {@code x-weft-failure: unreachable}, {@code draining} or
 * {@code not_ready}) — any request, unless {@link ClusterPolicy#retryUnprocessedAnyMethod()} is off; and,
 * only for requests that {@link AttemptHistory#mayRepeat() may be repeated}, a reset stream or closed
 * connection — seen here, or named by the upstream's sidecar ({@code x-weft-failure: reset}: its app's stream
 * or connection broke) — HTTP 503, and gRPC {@code UNAVAILABLE} in trailers-only headers — or in trailers, for
 * calls declared unary, whose whole response is read before deciding.
 *
 * <p>A request routed by a Consul route carries that route's {@link RouteRetry}, which replaces the
 * above: its conditions, for any method, except a gRPC call known to be streaming; a request that never
 * reached the upstream is still retried as above (a route without conditions included).
 */
final class RetryRules {

    private final ClusterPolicy policy;
    private final Backoff backoff;

    RetryRules(ClusterPolicy policy) {
        this.policy = policy;
        final long base = policy.retryBackoffBase().toMillis();
        backoff = base == 0 ? Backoff.withoutDelay()
                            : Backoff.exponential(base, policy.retryBackoffMax().toMillis()).withJitter(0.2);
    }

    /** The delay before the retry that follows {@code attemptsSoFar} attempts. */
    long backoffMillis(int attemptsSoFar) {
        return backoff.nextDelayMillis(attemptsSoFar);
    }

    /**
     * Whether an attempt that ended with {@code cause} (already peeled), or with these response headers
     * and (when read) trailers, may be sent again.
     */
    boolean isRetryable(AttemptHistory history, @Nullable Throwable cause,
                        @Nullable ResponseHeaders headers, @Nullable HttpHeaders trailers) {
        final RouteRetry route = history.route();
        if (neverProcessed(cause, headers)) { // never reached the upstream or its app: the cluster's floor
            return policy.retryUnprocessedAnyMethod() ||
                   (route != null ? route.isRetryable(cause, headers, trailers) : history.mayRepeat());
        }
        if (route != null) {
            return history.mayRepeatForRoute() && route.isRetryable(cause, headers, trailers);
        }
        return reachedAnAppAndRetryable(history, cause, headers == null ? -1 : headers.status().code(),
                                        Outcome.isGrpcUnavailable(headers) || Outcome.isGrpcUnavailable(trailers),
                                        headers == null ? null : headers.get(FailureResponses.FAILURE_HEADER));
    }

    /**
     * The same decision for a relay that reads the response itself: {@code status} is the attempt's
     * {@code :status} (-1 when it sent no headers), {@code grpcUnavailable} whether its trailers-only headers
     * (or its trailers, when read) said {@code grpc-status: 14}, {@code weftFailure} its {@code x-weft-failure}
     * (null when none). The Netty relays carry only upstreams on their default chain, so no Consul route (and
     * no {@link RouteRetry}) reaches this overload.
     */
    boolean isRetryable(AttemptHistory history, @Nullable Throwable cause, int status, boolean grpcUnavailable,
                        @Nullable CharSequence weftFailure) {
        if (neverProcessed(cause, weftFailure)) {
            return policy.retryUnprocessedAnyMethod() || history.mayRepeat();
        }
        return reachedAnAppAndRetryable(history, cause, status, grpcUnavailable, weftFailure);
    }

    /**
     * Whether an attempt that ended with {@code cause} (already peeled), or with these response headers,
     * provably reached no app, so any request may be sent again; see {@link #neverProcessed(Throwable,
     * CharSequence)}.
     */
    static boolean neverProcessed(@Nullable Throwable cause, @Nullable ResponseHeaders headers) {
        return neverProcessed(cause, headers == null ? null : headers.get(FailureResponses.FAILURE_HEADER));
    }

    /**
     * The one place that decides whether an attempt reached no app: the connection never delivered it
     * ({@link UnprocessedRequestException}), or the upstream's sidecar answered for its app, with
     * {@code x-weft-failure: weftFailure}, that it never passed the request on ({@code unreachable},
     * {@code draining} or {@code not_ready}, {@link FailureKind#neverPassedOn()}) — an app killed behind its
     * sidecar, until the sidecar's check and the outlier detector take the instance out. Such a retry is also
     * free of the budget.
     */
    static boolean neverProcessed(@Nullable Throwable cause, @Nullable CharSequence weftFailure) {
        if (cause != null) {
            return cause instanceof UnprocessedRequestException;
        }
        final FailureKind kind = FailureKind.ofHeader(weftFailure == null ? null : weftFailure.toString());
        return kind != null && kind.neverPassedOn();
    }

    /** The rules for an attempt that may have reached an app: only a repeatable request, and only these ends. */
    private static boolean reachedAnAppAndRetryable(AttemptHistory history, @Nullable Throwable cause, int status,
                                                    boolean grpcUnavailable, @Nullable CharSequence weftFailure) {
        if (!history.mayRepeat()) {
            return false;
        }
        if (cause != null) {
            return Outcome.isConnectionFailure(cause);
        }
        if (status < 0) {
            return false;
        }
        if (status == HttpStatus.SERVICE_UNAVAILABLE.code()) {
            return true;
        }
        // The upstream's sidecar saw its app's stream or connection break (an app killed mid-request): what
        // this hop would retry had it seen the break itself. gRPC says so with UNAVAILABLE; HTTP with this.
        if (weftFailure != null && FailureKind.ofHeader(weftFailure.toString()) == FailureKind.RESET) {
            return true;
        }
        return history.kind().isGrpc() && grpcUnavailable;
    }
}
