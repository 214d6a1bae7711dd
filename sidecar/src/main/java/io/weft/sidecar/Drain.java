package io.weft.sidecar;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.linecorp.armeria.server.HttpService;

import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;

/**
 * Graceful shutdown for the data listeners: counts in-flight requests; once draining, new requests
 * are refused (503 / UNAVAILABLE, so callers retry elsewhere) and {@link #whenIdle()} completes
 * when the last in-flight one ends. Lock-free; runs on event loops.
 */
public final class Drain {
    /** The answer to a request that arrives while draining. */
    public static final Failure REFUSED = FailureKind.DRAINING.with(
            "this sidecar is shutting down; retry on another instance");

    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletableFuture<Void> idle = new CompletableFuture<>();
    private volatile boolean draining;

    /** The outermost layer of a listener. */
    HttpService layer(HttpService delegate) {
        return (ctx, req) -> {
            if (!tryStart()) {
                return FailureResponses.render(req.headers(), REFUSED);
            }
            ctx.log().whenComplete().thenRun(this::finished);
            return delegate.serve(ctx, req);
        };
    }

    /**
     * For a relay that is not an Armeria service: counts a new request in flight, or refuses it (false:
     * answer {@link #REFUSED}) once draining. A counted request must end with {@link #finished()}.
     */
    public boolean tryStart() {
        if (draining) {
            return false;
        }
        inFlight.incrementAndGet();
        return true;
    }

    /** Starts draining; the future completes when no request is in flight. */
    CompletableFuture<Void> start() {
        draining = true;
        if (inFlight.get() == 0) {
            idle.complete(null);
        }
        return idle;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** A request counted by {@link #tryStart()} ended. */
    public void finished() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            idle.complete(null);
        }
    }
}
