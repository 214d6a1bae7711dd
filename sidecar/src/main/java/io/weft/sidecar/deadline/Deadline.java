package io.weft.sidecar.deadline;

import java.time.Duration;

import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;

import io.weft.common.annotation.Nullable;

/**
 * The one layer of a hop that reads {@code grpc-timeout}. The listener already arms the hop's request
 * timeout (its {@code --request-timeout}) when the request starts; a caller's smaller {@code grpc-timeout}
 * shortens that same timer, counted from the request's start. A longer one leaves it: the sidecar's limit
 * is the most any request gets. A malformed value is ignored, as gRPC servers do. An expired one
 * ({@code 0m}) ends the request at once with {@code DEADLINE_EXCEEDED}.
 *
 * <p>No second timer is armed anywhere on the hop: the upstream clients run without a response timeout
 * and are cancelled when this one fires.
 */
public final class Deadline {

    /** A timeout of zero means "none" to Armeria, so an expired deadline becomes the smallest one. */
    private static final Duration SMALLEST = Duration.ofMillis(1);

    public static HttpService layer(HttpService delegate, Duration listenerTimeout) {
        return (ctx, req) -> {
            final String header = req.headers().get(GrpcTimeout.HEADER);
            if (header != null) {
                final Duration hop = of(header, listenerTimeout);
                if (hop != listenerTimeout) {
                    ctx.setRequestTimeout(TimeoutMode.SET_FROM_START, hop);
                }
            }
            return delegate.serve(ctx, req);
        };
    }

    /**
     * The hop's deadline, from the request's start: {@code listenerTimeout} itself (the same instance)
     * unless the caller's {@code grpc-timeout} is smaller; never below {@link #SMALLEST}. The decision every
     * relay arms its one timer with.
     */
    public static Duration of(@Nullable String grpcTimeout, Duration listenerTimeout) {
        final Duration callers = GrpcTimeout.tryParse(grpcTimeout).orElse(null);
        if (callers == null || callers.compareTo(listenerTimeout) >= 0) {
            return listenerTimeout;
        }
        return callers.compareTo(SMALLEST) < 0 ? SMALLEST : callers;
    }

    private Deadline() {}
}
