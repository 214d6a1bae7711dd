package io.weft.sidecar.relay;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.linecorp.armeria.client.Endpoint;

import io.netty.channel.EventLoopGroup;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.discovery.ServiceEndpoints;
import io.weft.sidecar.tls.UpstreamTlsSpecs;

/**
 * The outbound relay's mTLS HTTP/2 connections, one {@link H2Upstream} per (service, endpoint, connect
 * timeout): connections to different services never mix, as Armeria pools them per TLS spec, and each is
 * verified as the service's ({@link UpstreamTlsSpecs#contextFor}; a new key pair reaches new connections).
 * Connections to an endpoint that left its service are closed ({@link #retain}): under churn the pool would
 * otherwise keep one per endpoint ever seen. Thread-safe.
 */
final class UpstreamPool implements AutoCloseable {
    private final EventLoopGroup group;
    private final Duration connectTimeout;
    private final UpstreamTlsSpecs tls;
    private final ConcurrentHashMap<Key, H2Upstream> upstreams = new ConcurrentHashMap<>();

    private record Key(String service, String host, int port, Duration connectTimeout) {}

    private record Address(String host, int port) {}

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
        // host() is the address the control plane pushed, as written: what retain() compares with
        return upstreams.computeIfAbsent(new Key(service, endpoint.host(), endpoint.port(), timeout), unused -> {
            // An IP address is used as is: no name lookup on the event loop (the mesh's endpoints are addresses).
            final InetSocketAddress address = endpoint.hasIpAddr()
                    ? new InetSocketAddress(endpoint.ipAddr(), endpoint.port())
                    : InetSocketAddress.createUnresolved(endpoint.host(), endpoint.port());
            return new H2Upstream(group, address, timeout, () -> tls.contextFor(service));
        });
    }

    /**
     * Closes the connections to every endpoint {@code state} no longer lists for its service (gracefully: a
     * GOAWAY, streams in flight finish). Called with each new mesh state, on the thread that applied it.
     */
    void retain(MeshState state) {
        final Map<String, Set<Address>> listed = new HashMap<>(); // per service, built once per call
        upstreams.forEach((key, upstream) -> {
            final Set<Address> addresses = listed.computeIfAbsent(key.service(), service -> addressesOf(state, service));
            if (!addresses.contains(new Address(key.host(), key.port())) && upstreams.remove(key, upstream)) {
                upstream.close();
            }
        });
    }

    private static Set<Address> addressesOf(MeshState state, String service) {
        final ServiceEndpoints endpoints = state.endpointsOf(service);
        if (endpoints == null) {
            return Set.of(); // the service was withdrawn
        }
        final Set<Address> addresses = new HashSet<>();
        endpoints.endpoints().forEach(e -> addresses.add(new Address(e.address(), e.port())));
        return addresses;
    }

    /** How many endpoints the pool holds connections for (for tests). */
    int size() {
        return upstreams.size();
    }

    @Override
    public void close() {
        upstreams.values().forEach(H2Upstream::close);
    }
}
