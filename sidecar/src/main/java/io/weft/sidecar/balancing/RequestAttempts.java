package io.weft.sidecar.balancing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestId;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.common.util.TimeoutMode;

import io.netty.util.concurrent.EventExecutor;
import io.weft.common.annotation.Nullable;

/**
 * One request's attempts, without Armeria's {@code RetryingClient}: the first attempt runs on the
 * request's own client context (no derived context or child log unless a retry happens); its body comes
 * from a {@link ReplayBuffer}. When an attempt's response headers arrive (its whole response, for a call
 * declared unary gRPC) the {@link RetryRules} decide: keep it — the request commits, the buffer is
 * released and the response streams on — or drop it and send a fresh attempt, after a backoff, to an
 * endpoint this request has not tried, on a derived context fed from the buffer plus the rest of the
 * body. Attempts share the request's deadline: the listener's, which cancels the whole request, or the
 * policy's, which each derived context inherits as what is left of it.
 *
 * <p>All state changes run on the request's event loop.
 */
final class RequestAttempts {

    private final ClientRequestContext ctx;
    private final RequestHeaders headers;
    private final HttpClient attempt;
    private final UpstreamCluster cluster;
    private final AttemptHistory history;
    private final ReplayBuffer body;
    private final EventExecutor executor;
    private final CompletableFuture<HttpResponse> result = new CompletableFuture<>();
    /** When the policy's whole-request timeout passes ({@link System#nanoTime()}), or 0 for none. */
    private final long deadlineNanos;

    @Nullable
    private HttpResponse current;
    /** What to answer if a retry that was decided cannot be sent after all. */
    @Nullable
    private HttpResponse fallback;
    private boolean done;

    RequestAttempts(ClientRequestContext ctx, HttpRequest req, HttpClient attempt, UpstreamCluster cluster,
                    AttemptHistory history, ReplayBuffer body) {
        this.ctx = ctx;
        headers = req.headers();
        this.attempt = attempt;
        this.cluster = cluster;
        this.history = history;
        this.body = body;
        executor = ctx.eventLoop().withoutContext();
        final long timeoutMillis = ctx.responseTimeoutMillis();
        deadlineNanos = timeoutMillis == 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    HttpResponse start() {
        final HttpResponse returned = HttpResponse.of(result);
        returned.whenComplete().exceptionally(cause -> { // the caller went away or the deadline passed
            executor.execute(() -> abandon(cause));
            return null;
        });
        final HttpRequestWriter first = HttpRequest.streaming(headers);
        ctx.updateRequest(first);
        body.start(first);
        send(ctx, first);
        return returned;
    }

    private void send(ClientRequestContext attemptCtx, HttpRequest req) {
        HttpResponse res;
        try (SafeCloseable ignored = attemptCtx.push()) {
            res = attempt.execute(attemptCtx, req);
        } catch (Throwable t) {
            attemptCtx.logBuilder().endRequest(t);
            attemptCtx.logBuilder().endResponse(t);
            res = HttpResponse.ofFailure(t);
        }
        current = res;
        if (history.kind() == RequestKind.GRPC_UNARY) { // decided on trailers too: its one message is small
            res.aggregate().handleAsync((aggregated, cause) -> {
                decide(attemptCtx, cause, aggregated, null);
                return null;
            }, executor);
        } else {
            final SplitHttpResponse split = res.split();
            split.headers().handleAsync((responseHeaders, cause) -> {
                decide(attemptCtx, cause, null, cause == null ? split : null);
                return null;
            }, executor);
        }
    }

    private void decide(ClientRequestContext attemptCtx, @Nullable Throwable cause,
                        @Nullable AggregatedHttpResponse aggregated, @Nullable SplitHttpResponse split) {
        final Throwable peeled = cause == null ? null : Exceptions.peel(cause);
        final ResponseHeaders responseHeaders = aggregated != null ? aggregated.headers()
                                                : split != null ? split.headers().getNow(null) : null;
        final HttpHeaders trailers = aggregated == null ? null : aggregated.trailers();
        if (done) {
            discard(split);
            return;
        }
        final Endpoint next = mayRetry(attemptCtx, peeled, responseHeaders, trailers);
        if (next == null) {
            finish(peeled != null ? HttpResponse.ofFailure(peeled)
                                  : aggregated != null ? aggregated.toHttpResponse() : split.unsplit());
            return;
        }
        fallback = peeled != null ? HttpResponse.ofFailure(peeled) : HttpResponse.of(responseHeaders);
        discard(split);
        body.detach();
        final long delay = cluster.retryRules().backoffMillis(history.attempts());
        if (delay <= 0) {
            retry(next);
        } else {
            executor.schedule(() -> retry(next), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** The endpoint to retry on, or {@code null} if this outcome is final. */
    @Nullable
    private Endpoint mayRetry(ClientRequestContext attemptCtx, @Nullable Throwable cause,
                              @Nullable ResponseHeaders responseHeaders, @Nullable HttpHeaders trailers) {
        final RouteRetry route = history.route();
        final ClusterPolicy policy = cluster.policy();
        final int maxAttempts;
        if (route == null) {
            maxAttempts = policy.maxTotalAttempts();
        } else if (RetryRules.neverProcessed(cause, responseHeaders) && policy.retryUnprocessedAnyMethod()) {
            maxAttempts = Math.max(route.numRetries(), policy.maxRetries()) + 1; // the floor: never reached it
        } else {
            maxAttempts = route.numRetries() + 1;
        }
        if (attemptCtx.endpoint() == null || history.attempts() >= maxAttempts ||
            !body.replayable() || !cluster.retryRules().isRetryable(history, cause, responseHeaders, trailers)) {
            return null;
        }
        final Endpoint next = cluster.select(ctx);
        if (next == null || !cluster.tryAcquireRetry(RetryRules.neverProcessed(cause, responseHeaders))) {
            return null;
        }
        return next;
    }

    private void retry(Endpoint endpoint) {
        if (done) {
            return;
        }
        if (!body.replayable()) { // the body passed the replay limit during the backoff
            finish(fallback);
            return;
        }
        final long remaining = deadlineNanos == 0 ? 0 : deadlineNanos - System.nanoTime();
        if (deadlineNanos != 0 && remaining <= 0) {
            finish(HttpResponse.ofFailure(ResponseTimeoutException.get()));
            return;
        }
        final HttpRequestWriter req = HttpRequest.streaming(headers);
        final ClientRequestContext derived;
        try {
            derived = ctx.newDerivedContext(RequestId.random(), req, null, endpoint);
        } catch (Throwable t) {
            finish(fallback);
            return;
        }
        // What is left of the request's own timeout; a derived context would inherit the first attempt's
        // spent timer otherwise.
        if (deadlineNanos == 0) {
            derived.clearResponseTimeout();
        } else {
            derived.setResponseTimeout(TimeoutMode.SET_FROM_NOW, Duration.ofNanos(remaining));
        }
        body.switchTo(req);
        send(derived, req);
    }

    private void finish(@Nullable HttpResponse response) {
        done = true;
        body.commit();
        result.complete(response);
    }

    private void abandon(Throwable cause) {
        final boolean committed = done;
        done = true;
        body.abort(cause);
        if (!committed && current != null) {
            current.abort(cause); // resets the attempt's stream; a pending retry finds done set
        }
    }

    private static void discard(@Nullable SplitHttpResponse split) {
        if (split != null) {
            split.body().abort();
        }
    }
}
