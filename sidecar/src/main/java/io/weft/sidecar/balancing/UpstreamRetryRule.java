package io.weft.sidecar.balancing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.retry.Backoff;
import com.linecorp.armeria.client.retry.RetryDecision;
import com.linecorp.armeria.client.retry.RetryRule;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.logging.RequestLogProperty;
import com.linecorp.armeria.common.util.Exceptions;

/**
 * Decides, per failed attempt, whether {@code RetryingClient} sends the request again (to another
 * endpoint: the selector skips those already tried).
 *
 * <p>Retried: a request that never reached the upstream ({@link UnprocessedRequestException}:
 * connect failure, refused stream, beyond a GOAWAY) — any request, unless
 * {@link ClusterPolicy#retryUnprocessedAnyMethod()} is off; and, only for requests that
 * {@link AttemptHistory#mayRepeat() may be repeated}, a reset stream or closed connection, HTTP 503,
 * and gRPC {@code UNAVAILABLE} in trailers-only headers. The variant that
 * {@linkplain #requiresResponseTrailers() reads trailers} also retries {@code UNAVAILABLE} in
 * trailers; RetryingClient buffers the whole response for it, so it is used only for calls declared
 * unary. Then the attempt limit and the {@link RetryBudget} must allow it.
 */
final class UpstreamRetryRule implements RetryRule {

    private final ClusterPolicy policy;
    private final RetryBudget budget;
    private final Backoff backoff;
    private final boolean readsTrailers;
    private final LongAdder retries;

    UpstreamRetryRule(ClusterPolicy policy, RetryBudget budget, boolean readsTrailers, LongAdder retries) {
        this.policy = policy;
        this.budget = budget;
        this.readsTrailers = readsTrailers;
        this.retries = retries;
        final long base = policy.retryBackoffBase().toMillis();
        backoff = base == 0 ? Backoff.withoutDelay()
                            : Backoff.exponential(base, policy.retryBackoffMax().toMillis()).withJitter(0.2);
    }

    @Override
    public CompletionStage<RetryDecision> shouldRetry(ClientRequestContext ctx, @Nullable Throwable cause) {
        final AttemptHistory history = AttemptHistory.get(ctx);
        if (history == null || ctx.endpoint() == null || // no endpoint to be had: nothing to retry on
            history.attempts() >= policy.maxTotalAttempts() ||
            !isRetryable(ctx, cause, history) || !budget.tryAcquire()) {
            return CompletableFuture.completedFuture(RetryDecision.noRetry());
        }
        retries.increment();
        return CompletableFuture.completedFuture(RetryDecision.retry(backoff));
    }

    @Override
    public boolean requiresResponseTrailers() {
        return readsTrailers;
    }

    private boolean isRetryable(ClientRequestContext ctx, @Nullable Throwable cause, AttemptHistory history) {
        final Throwable peeled = cause == null ? null : Exceptions.peel(cause);
        if (peeled instanceof UnprocessedRequestException) {
            return policy.retryUnprocessedAnyMethod() || history.mayRepeat();
        }
        if (!history.mayRepeat()) {
            return false;
        }
        if (peeled != null) {
            return Outcome.isConnectionFailure(peeled);
        }
        final RequestLog log = ctx.log().partial();
        if (!log.isAvailable(RequestLogProperty.RESPONSE_HEADERS)) {
            return false;
        }
        final ResponseHeaders headers = log.responseHeaders();
        if (headers.status().equals(HttpStatus.SERVICE_UNAVAILABLE)) {
            return true;
        }
        if (!history.kind().isGrpc()) {
            return false;
        }
        return Outcome.isGrpcUnavailable(headers) ||
               readsTrailers && log.isAvailable(RequestLogProperty.RESPONSE_TRAILERS) &&
               Outcome.isGrpcUnavailable(log.responseTrailers());
    }
}
