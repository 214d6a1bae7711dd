package io.weft.sidecar.relay;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import com.linecorp.armeria.client.Endpoint;

import io.netty.channel.EventLoopGroup;
import io.weft.sidecar.tls.UpstreamTlsSpecs;

/**
 * The outbound relay's mTLS HTTP/2 connections, one {@link H2Upstream} per (service, endpoint, connect
 * timeout): connections to different services never mix, as Armeria pools them per TLS spec, and each is
 * verified as the service's ({@link UpstreamTlsSpecs#contextFor}; a new key pair reaches new connections).
 * Thread-safe.
 */
final class UpstreamPool implements AutoCloseable {
    private final EventLoopGroup group;
    private final Duration connectTimeout;
    private final UpstreamTlsSpecs tls;
    private final ConcurrentHashMap<String, H2Upstream> upstreams = new ConcurrentHashMap<>();

    UpstreamPool(EventLoopGroup group, Duration connectTimeout, UpstreamTlsSpecs tls) {
        this.group = group;
        this.connectTimeout = connectTimeout;
        this.tls = tls;
    }

    /**
     * The connections to {@code endpoint} of {@code service}, opened within {@code connectTimeout} (a chain
     * target's resolver {@code ConnectTimeout}; zero: the sidecar's {@code --connect-timeout}).
     */
    H2Upstream of(String service, Endpoint endpoint, Duration connectTimeout) {
        final Duration timeout = connectTimeout.isZero() ? this.connectTimeout : connectTimeout;
        return upstreams.computeIfAbsent(service + '@' + endpoint.authority() + '/' + timeout.toMillis(), unused -> {
            // An IP address is used as is: no name lookup on the event loop (the mesh's endpoints are addresses).
            final InetSocketAddress address = endpoint.hasIpAddr()
                    ? new InetSocketAddress(endpoint.ipAddr(), endpoint.port())
                    : InetSocketAddress.createUnresolved(endpoint.host(), endpoint.port());
            return new H2Upstream(group, address, timeout, () -> tls.contextFor(service));
        });
    }

    @Override
    public void close() {
        upstreams.values().forEach(H2Upstream::close);
    }
}
