package io.weft.sidecar.balancing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.linecorp.armeria.common.RequestContext;
import io.weft.common.annotation.Nullable;

import io.netty.util.AttributeKey;

/**
 * One request's attempts so far, shared by all its attempts: the request decorator puts it on the
 * request's context before {@code RequestAttempts} derives a context for a retry (derived contexts
 * see their parent's attributes), the attempt decorator records each endpoint, the endpoint selector
 * skips endpoints already tried, and the retry rule reads the request's kind and body shape.
 */
final class AttemptHistory {

    static final AttributeKey<AttemptHistory> KEY = AttributeKey.valueOf(AttemptHistory.class, "HISTORY");

    private final RequestKind kind;
    @Nullable
    private final GrpcFrameCounter frames;
    @Nullable
    private final CompletableFuture<Void> requestComplete;
    @Nullable
    private final RouteRetry route;
    private final List<EndpointState> tried = new CopyOnWriteArrayList<>();

    AttemptHistory(RequestKind kind, @Nullable GrpcFrameCounter frames,
                   @Nullable CompletableFuture<Void> requestComplete, @Nullable RouteRetry route) {
        this.kind = kind;
        this.frames = frames;
        this.requestComplete = requestComplete;
        this.route = route;
    }

    @Nullable
    static AttemptHistory get(RequestContext ctx) {
        return ctx.attr(KEY);
    }

    RequestKind kind() {
        return kind;
    }

    /** The retries of the request's route, which replace the cluster's; {@code null} for the cluster's. */
    @Nullable
    RouteRetry route() {
        return route;
    }

    void record(EndpointState endpoint) {
        tried.add(endpoint);
    }

    boolean hasTried(EndpointState endpoint) {
        return tried.contains(endpoint);
    }

    int attempts() {
        return tried.size();
    }

    /**
     * Whether the request may be sent again after the upstream received it: idempotent HTTP, declared
     * unary gRPC, or gRPC not known to be streaming — its body has not failed and has shown at most one
     * message so far. The body need not have ended: an upstream (or its sidecar, when the app is gone)
     * may refuse a call before the caller's end of stream arrives, and the {@code ReplayBuffer} replays
     * what was sent and streams the rest to the next endpoint. That is gRPC's own rule (A6): a call is
     * committed by response headers, not by the shape of its request; a second message marks a
     * streaming call, which is never retried.
     */
    boolean mayRepeat() {
        return switch (kind) {
            case IDEMPOTENT_HTTP, GRPC_UNARY -> true;
            case GRPC_UNKNOWN -> requestComplete != null && !requestComplete.isCompletedExceptionally() &&
                                 frames != null && frames.messages() <= 1;
            case OTHER -> false;
        };
    }

    /**
     * Whether a route's retries may send the request again: any method, as Envoy retries it, but not a
     * gRPC call known to be streaming (A6).
     */
    boolean mayRepeatForRoute() {
        return kind != RequestKind.GRPC_UNKNOWN || mayRepeat();
    }
}
