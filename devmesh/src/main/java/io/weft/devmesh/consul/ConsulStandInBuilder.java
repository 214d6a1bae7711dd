package io.weft.devmesh.consul;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.catalog.NodeInfo;

/**
 * Builds a {@link ConsulStandIn}. Defaults follow {@code consul agent -dev}: bind 127.0.0.1,
 * port 8500, node "weft-dev", datacenter "dc1", checks probed at most once a second.
 */
public final class ConsulStandInBuilder {
    /** Consul's HTTP API port; the command lines' {@code --port}/{@code -http-port} default. */
    public static final int DEFAULT_PORT = 8500;
    /** Loopback only, as {@code consul agent -dev}; {@code --bind}/{@code -client}. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The node address reported in the catalog; {@code -bind}/{@code -advertise}. */
    public static final String DEFAULT_ADVERTISE_ADDRESS = "127.0.0.1";
    public static final String DEFAULT_NODE_NAME = "weft-dev";
    public static final String DEFAULT_DATACENTER = "dc1";

    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int port = DEFAULT_PORT;
    private String nodeName = DEFAULT_NODE_NAME;
    private String datacenter = DEFAULT_DATACENTER;
    private String advertiseAddress = DEFAULT_ADVERTISE_ADDRESS;
    private Duration minCheckInterval = Duration.ofSeconds(1);
    private Duration reapInterval = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();

    ConsulStandInBuilder() {}

    /** The HTTP port; 0 picks a free one. Default 8500. */
    public ConsulStandInBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        this.port = port;
        return this;
    }

    /** The address the HTTP API binds to ({@code -client} in Consul). Default 127.0.0.1. */
    public ConsulStandInBuilder bindAddress(String bindAddress) {
        this.bindAddress = requireNonBlank("bindAddress", bindAddress);
        return this;
    }

    /** The node's address as reported in the catalog ({@code -bind}/{@code -advertise}). Default 127.0.0.1. */
    public ConsulStandInBuilder advertiseAddress(String advertiseAddress) {
        this.advertiseAddress = requireNonBlank("advertiseAddress", advertiseAddress);
        return this;
    }

    /** The agent's node name ({@code -node}). Default "weft-dev". */
    public ConsulStandInBuilder nodeName(String nodeName) {
        this.nodeName = requireNonBlank("nodeName", nodeName);
        return this;
    }

    /** The datacenter ({@code -datacenter}). Default "dc1". */
    public ConsulStandInBuilder datacenter(String datacenter) {
        this.datacenter = requireNonBlank("datacenter", datacenter);
        return this;
    }

    /**
     * The shortest probe interval honoured; Consul's is 1 s. Tests may lower it to see HTTP/TCP
     * checks flip faster.
     */
    public ConsulStandInBuilder minCheckInterval(Duration minCheckInterval) {
        this.minCheckInterval = requirePositive("minCheckInterval", minCheckInterval);
        return this;
    }

    /**
     * How often services critical for longer than their {@code DeregisterCriticalServiceAfter}
     * are looked for. Default 1 s (Consul: 30 s, and it floors the timeout at 1 minute; the
     * stand-in honours the value as registered).
     */
    public ConsulStandInBuilder reapInterval(Duration reapInterval) {
        this.reapInterval = requirePositive("reapInterval", reapInterval);
        return this;
    }

    /** The clock used for check timestamps and reaping. */
    public ConsulStandInBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return this;
    }

    /** Starts the stand-in; throws {@link IllegalStateException} when the port cannot be bound. */
    public ConsulStandIn start() {
        final NodeInfo node = new NodeInfo(UUID.randomUUID().toString(), nodeName, advertiseAddress, datacenter);
        return new ConsulStandIn(new Catalog(node, clock), bindAddress, port, minCheckInterval, reapInterval);
    }

    private static String requireNonBlank(String name, String value) {
        requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + ": \"" + value + "\" (expected: not blank)");
        }
        return value;
    }

    private static Duration requirePositive(String name, Duration value) {
        requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
        return value;
    }
}
