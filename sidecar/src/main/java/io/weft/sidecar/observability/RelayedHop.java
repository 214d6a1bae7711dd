package io.weft.sidecar.observability;

import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import com.linecorp.armeria.client.Endpoint;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.tracing.Hop;
import io.weft.sidecar.tracing.HopSpan;
import io.weft.sidecar.tracing.TraceHeaders;

/**
 * One hop a Netty relay carries, observed as {@link HopObservation#layer} observes an Armeria listener's: the
 * span started from the caller's trace headers when the relay takes the request ({@link HopObservation#relayed}),
 * its context written on the request that goes on ({@link #propagate}), and when the relay's stream closes, the
 * outcome into the span and an access log entry ({@link #finish}) — what Armeria's request log tells the layer,
 * the relay counts itself. Use from the stream's event loop; finish once.
 */
public final class RelayedHop {
    private final HopObservation observation;
    private final Hop hop;
    private final HopSpan span;
    private final String method;
    @Nullable
    private final String authority;
    private final String path;
    private final boolean grpc;
    private final long startMicros;
    private final long startNanos;
    private int attempts;
    @Nullable
    private String endpoint;

    RelayedHop(HopObservation observation, Hop hop, HopSpan span, String method, @Nullable String authority,
               String path, boolean grpc) {
        this.observation = observation;
        this.hop = hop;
        this.span = span;
        this.method = method;
        this.authority = authority;
        this.path = path;
        this.grpc = grpc;
        startMicros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        startNanos = System.nanoTime();
    }

    /**
     * Replaces the caller's trace headers in the request the relay sends on with this hop's context, when
     * tracing is on; otherwise they pass as they came (as on the Armeria listeners).
     */
    public <C> void propagate(C headers, BiConsumer<C, String> remove, TraceHeaders.Setter<C> set) {
        if (!span.injects()) {
            return;
        }
        for (String name : TraceHeaders.NAMES) {
            remove.accept(headers, name);
        }
        span.inject(headers, set);
    }

    /** An attempt sent to {@code endpoint} ({@code host:port}); attempts after the first are retries. */
    public void attempt(String endpoint) {
        attempts++;
        this.endpoint = endpoint;
    }

    /** An attempt sent to {@code endpoint}. */
    public void attempt(Endpoint endpoint) {
        attempt(hostPort(endpoint));
    }

    /** How spans and access logs name an endpoint: {@code ip:port}, or {@code host:port} without an address. */
    static String hostPort(Endpoint endpoint) {
        return (endpoint.hasIpAddr() ? endpoint.ipAddr() : endpoint.host()) + ':' + endpoint.port();
    }

    /**
     * The hop ended: {@code status} 0 when no response went out, {@code failure} the {@code x-weft-failure} kind
     * of the answer (the relay's own, or a sidecar's it passed on), {@code bytesIn}/{@code bytesOut} body bytes.
     */
    public void finish(int status, @Nullable String grpcStatus, @Nullable String failure, @Nullable String peer,
                       @Nullable String upstream, long bytesIn, long bytesOut) {
        observation.record(hop, span, method, authority, path, grpc, startMicros, System.nanoTime() - startNanos,
                           Math.max(status, 0), grpcStatus, failure, null, peer, upstream, endpoint,
                           Math.max(0, attempts - 1), bytesIn, bytesOut);
    }
}
