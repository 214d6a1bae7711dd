package io.weft.sidecar.balancing;

import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.client.Endpoint;

import io.netty.buffer.ByteBuf;
import io.weft.common.annotation.Nullable;

/**
 * One request's attempts for a relay that carries the bytes itself (the Netty outbound relay), with
 * the decisions {@link RequestClient}, {@link RequestAttempts} and {@link AttemptClient} take for an
 * Armeria client: the request counted for the {@link RetryBudget}; each attempt's endpoint picked by the
 * cluster's {@link Picker}, skipping ejected endpoints and those already tried; each attempt in flight
 * until it ends, and its {@link Outcome} reported to the {@link OutlierDetector}; a retry only as the
 * {@link RetryRules}, the attempt limit and the budget allow, after their backoff. The body is the relay's:
 * it keeps the request's frames up to the replay limit and retries only while it still has them all.
 *
 * <p>A gRPC request from the outbound listener is {@link RequestKind#GRPC_UNKNOWN}: retried after it reached
 * the upstream only while it has shown at most one message and has not failed ({@link #requestData},
 * {@link #requestEnded}); any other request only if its method is idempotent, as on the Armeria path. One per
 * request; used on the request's event loop only.
 */
public final class RelayedAttempts {
    private final UpstreamCluster cluster;
    private final OutlierDetector detector;
    private final GrpcFrameCounter frames = new GrpcFrameCounter();
    private final CompletableFuture<Void> requestComplete = new CompletableFuture<>();
    private final AttemptHistory history;
    @Nullable
    private EndpointState current;

    RelayedAttempts(UpstreamCluster cluster, OutlierDetector detector, RequestKind kind) {
        this.cluster = cluster;
        this.detector = detector;
        history = new AttemptHistory(kind, frames, requestComplete, null); // default chain: no route
        cluster.onRequest();
    }

    /** The first attempt's endpoint, begun ({@link #begin}); null when the cluster has no endpoint. */
    @Nullable
    public Endpoint first() {
        final EndpointState picked = cluster.select(history, null);
        if (picked == null) {
            return null;
        }
        begin(picked.endpoint());
        return picked.endpoint();
    }

    /** An attempt on {@code endpoint} starts: recorded as tried and counted in flight. */
    public void begin(Endpoint endpoint) {
        final EndpointState state = endpoint.attr(EndpointState.KEY);
        if (state == null) {
            throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: one of the cluster's)");
        }
        history.record(state);
        state.inFlight.incrementAndGet();
        current = state;
    }

    /**
     * The current attempt ended (response complete, failed, reset or abandoned): its outcome goes to the
     * outlier detector and it leaves flight. {@code cause} as {@link RetryRules} read it
     * ({@code UnprocessedRequestException} when the upstream never saw the request), {@code status} its
     * {@code :status} (0 when none arrived). Safe to call twice.
     */
    public void ended(@Nullable Throwable cause, int status, boolean grpcUnavailable) {
        final EndpointState state = current;
        if (state == null) {
            return;
        }
        current = null;
        detector.report(state, Outcome.of(cause, status, grpcUnavailable));
        state.inFlight.decrementAndGet();
    }

    /**
     * Where to send the request again after an attempt that failed with {@code cause}, or answered
     * {@code status} (-1 when it did not) and trailers-only {@code grpc-status: 14} if
     * {@code grpcUnavailable}, with {@code x-weft-failure: weftFailure} (null when none); null if it must not be
     * retried. Takes the retry from the budget, unless no app saw the request: the connection never delivered
     * it, or the upstream's sidecar said {@code unreachable}, {@code draining} or {@code not_ready}. The relay
     * asks only while it still holds the whole request.
     */
    @Nullable
    public Endpoint retryTarget(@Nullable Throwable cause, int status, boolean grpcUnavailable,
                                @Nullable CharSequence weftFailure) {
        if (history.attempts() >= cluster.policy().maxTotalAttempts() ||
            !cluster.retryRules().isRetryable(history, cause, status, grpcUnavailable, weftFailure)) {
            return null;
        }
        final EndpointState next = cluster.select(history, null);
        if (next == null || !cluster.tryAcquireRetry(RetryRules.neverProcessed(cause, weftFailure))) {
            return null;
        }
        return next.endpoint();
    }

    /** How long to wait before the retry that follows the attempts so far. */
    public long backoffMillis() {
        return cluster.retryRules().backoffMillis(history.attempts());
    }

    /** Attempts begun so far, the first included. */
    public int attempts() {
        return history.attempts();
    }

    /** The request's {@code buf} (a DATA frame's content) went by: counts gRPC messages, reads nothing. */
    public void requestData(ByteBuf buf) {
        if (history.kind() == RequestKind.GRPC_UNKNOWN) { // only its messages count for mayRepeat
            frames.accept(buf);
        }
    }

    /** The caller's request ended ({@code failed}: it was reset). */
    public void requestEnded(boolean failed) {
        if (failed) {
            requestComplete.completeExceptionally(new IllegalStateException("the caller reset the request"));
        } else {
            requestComplete.complete(null);
        }
    }
}
