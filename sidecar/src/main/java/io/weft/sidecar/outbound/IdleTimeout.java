package io.weft.sidecar.outbound;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * A Consul route's {@code IdleTimeout}, as Envoy's route idle timeout: when neither the request's nor
 * the response's stream has moved for that long, the request times out as if its deadline had passed
 * ({@code ServiceRequestContext#timeoutNow}): 504 / {@code DEADLINE_EXCEEDED} before the response began,
 * a reset stream after. One timer per request on its event loop, re-armed for what is left after the last
 * activity; nothing blocks.
 */
final class IdleTimeout {

    private final ServiceRequestContext ctx;
    private final long idleNanos;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean done;

    private IdleTimeout(ServiceRequestContext ctx, long idleMillis) {
        this.ctx = ctx;
        idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    }

    /** Sends {@code req} with {@code send}, timing out when the exchange is idle for {@code idleMillis}. */
    static HttpResponse watch(ServiceRequestContext ctx, HttpRequest req, long idleMillis,
                              Function<HttpRequest, HttpResponse> send) {
        final IdleTimeout idle = new IdleTimeout(ctx, idleMillis);
        final HttpResponse res = send.apply(req.peekData(d -> idle.touch()))
                                     .peekHeaders(h -> idle.touch())
                                     .peekData(d -> idle.touch());
        idle.arm(idle.idleNanos);
        res.whenComplete().handle((unused, cause) -> idle.done = true);
        return res;
    }

    private void touch() {
        lastActivity = System.nanoTime();
    }

    private void arm(long delayNanos) {
        final ScheduledFuture<?> unused =
                ctx.eventLoop().withoutContext().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (done) {
            return;
        }
        final long idleFor = System.nanoTime() - lastActivity;
        if (idleFor >= idleNanos) {
            ctx.timeoutNow();
        } else {
            arm(idleNanos - idleFor);
        }
    }
}
