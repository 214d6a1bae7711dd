package io.weft.sidecar.config;

import static io.weft.sidecar.config.SidecarConfig.Validation.require;

import java.time.Duration;

import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.server.ServerBuilder;

/**
 * Per-request and per-connection limits of every listener. Set deliberately rather than inherited
 * from Armeria's defaults (10 MiB / 10 s), which are wrong for a streaming proxy.
 *
 * @param maxRequestBytes largest request body accepted; larger ones get 413
 * @param maxHeaderBytes largest HTTP/1 header block and HTTP/2 header list
 * @param maxConcurrentStreams HTTP/2 streams per connection
 * @param requestTimeout per-request deadline end to end (a smaller {@code grpc-timeout} wins)
 * @param connectTimeout upstream connect timeout
 * @param idleTimeout how long a connection with no request in flight stays open, on every listener and
 *                    to every upstream. Long, because mesh connections are few and reused (HTTP/2) and a
 *                    new one costs an mTLS handshake and, on the client side, a fresh TLS context
 */
public record Limits(long maxRequestBytes, int maxHeaderBytes, long maxConcurrentStreams,
                     Duration requestTimeout, Duration connectTimeout, Duration idleTimeout) {
    public Limits {
        require(maxRequestBytes > 0, "max-request-bytes: " + maxRequestBytes + " (expected: > 0)");
        require(maxHeaderBytes >= 1024, "max-header-bytes: " + maxHeaderBytes + " (expected: >= 1024)");
        require(maxConcurrentStreams > 0,
                "max-concurrent-streams: " + maxConcurrentStreams + " (expected: > 0)");
        require(requestTimeout != null && (!requestTimeout.isNegative() && !requestTimeout.isZero()),
                "request-timeout: " + requestTimeout + " (expected: > 0)");
        require(connectTimeout != null && (!connectTimeout.isNegative() && !connectTimeout.isZero()),
                "connect-timeout: " + connectTimeout + " (expected: > 0)");
        require(idleTimeout != null && (!idleTimeout.isNegative() && !idleTimeout.isZero()),
                "idle-timeout: " + idleTimeout + " (expected: > 0)");
    }

    /** Applies the per-request and per-connection limits to a listener. */
    public ServerBuilder applyTo(ServerBuilder sb) {
        return sb.requestTimeout(requestTimeout)
                 .maxRequestLength(maxRequestBytes)
                 .http1MaxHeaderSize(maxHeaderBytes)
                 .http2MaxHeaderListSize(maxHeaderBytes)
                 .http2MaxStreamsPerConnection(maxConcurrentStreams)
                 .idleTimeout(idleTimeout);
    }

    /** Applies the connection limits to the client side (every upstream and the app). */
    public ClientFactoryBuilder applyTo(ClientFactoryBuilder cfb) {
        return cfb.connectTimeout(connectTimeout).idleTimeout(idleTimeout);
    }
}
