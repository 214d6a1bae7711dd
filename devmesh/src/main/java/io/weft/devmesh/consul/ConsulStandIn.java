package io.weft.devmesh.consul;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;
import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.checks.CheckRunner;
import io.weft.devmesh.consul.endpoints.ConsulHttpService;

/**
 * An in-memory server speaking the subset of Consul's HTTP API weft uses, for tests, the local
 * launcher and the compose demo where no Consul binary exists.
 *
 * <pre>{@code
 * try (ConsulStandIn consul = ConsulStandIn.start(0)) {
 *     ConsulClient client = new ConsulClient("127.0.0.1", consul.port());
 *     ...
 * }
 * }</pre>
 *
 * <p>It answers agent, catalog, health, config entry, intentions, KV and status endpoints (listed in
 * {@code devmesh/README.md}) with Consul's paths, JSON field names, headers ({@code X-Consul-Index} ...),
 * {@code ?filter} expressions and error bodies; supports blocking queries
 * ({@code index}/{@code wait}) without holding a thread; and really runs HTTP, TCP, gRPC and TTL
 * checks on its own scheduler. Thread-safe. {@link #close()} stops the server and the checks.
 */
public final class ConsulStandIn implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ConsulStandIn.class);

    private final Catalog catalog;
    private final CheckRunner checks;
    private final ConsulHttpService httpService;
    private final String bindAddress;
    private volatile Server server;
    private final int port;

    /** Starts a stand-in on 127.0.0.1 with Consul's defaults; {@code port} 0 picks a free port. */
    public static ConsulStandIn start(int port) {
        return builder().port(port).start();
    }

    public static ConsulStandInBuilder builder() {
        return new ConsulStandInBuilder();
    }

    ConsulStandIn(Catalog catalog, String bindAddress, int port, Duration minCheckInterval, Duration reapInterval) {
        this.catalog = catalog;
        this.bindAddress = bindAddress;
        checks = new CheckRunner(catalog, minCheckInterval, reapInterval);
        catalog.lifecycle(checks);
        httpService = new ConsulHttpService(catalog);
        try {
            server = newServer(port);
            server.start().join();
        } catch (RuntimeException e) {
            checks.close();
            throw new IllegalStateException("cannot start the Consul stand-in on " + bindAddress + ':' + port +
                                            ": " + e.getMessage(), e);
        }
        this.port = server.activeLocalPort();
        logger.info("Consul stand-in (Consul HTTP API) listening on {}:{} ({}), node {} in {}", bindAddress,
                    this.port, uri(), catalog.node().name(), catalog.node().datacenter());
    }

    private Server newServer(int port) {
        return BossGroups.applyTo(Server.builder())
                     .http(new InetSocketAddress(bindAddress, port))
                     // Blocking queries set their own, longer timeout.
                     .requestTimeout(Duration.ofSeconds(30))
                     // Like a killed agent: stop at once, parked blocking queries see the connection close.
                     .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                     .serviceUnder("/", httpService)
                     .build();
    }

    /** The port the HTTP API listens on. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} (or the bind address when it is not a wildcard). */
    public URI uri() {
        final String host = "0.0.0.0".equals(bindAddress) || "::".equals(bindAddress) ? "127.0.0.1" : bindAddress;
        return URI.create("http://" + (host.contains(":") ? '[' + host + ']' : host) + ':' + port);
    }

    /** The state behind the API, for tests that want to inspect or drive it directly. */
    public Catalog catalog() {
        return catalog;
    }

    /**
     * Stops answering (clients get "connection refused") while keeping all state and running
     * checks, to test how clients ride out a Consul outage. {@link #resume()} listens again on the
     * same port.
     */
    public synchronized void suspend() {
        server.stop().join();
        logger.info("Consul stand-in on port {} suspended", port);
    }

    /** Listens again on the same port after {@link #suspend()}. */
    public synchronized void resume() {
        if (!server.isClosed() && server.activePort() != null) {
            return;
        }
        server = newServer(port);
        server.start().join();
        logger.info("Consul stand-in resumed on {}", uri());
    }

    @Override
    public synchronized void close() {
        try {
            server.stop().join();
        } finally {
            checks.close();
        }
    }

    @Override
    public String toString() {
        return "ConsulStandIn{" + uri() + ", node=" + catalog.node().name() + '}';
    }
}
