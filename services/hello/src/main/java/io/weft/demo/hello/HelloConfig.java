package io.weft.demo.hello;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

import io.weft.common.cli.Durations;
import io.weft.demo.sum.launch.ServerOptions;
import io.weft.demo.sum.launch.Values;

/**
 * The {@code hello} app's settings, immutable and validated on construction. {@link HelloOptions} makes
 * one from the command line, and holds the defaults.
 *
 * @param bindAddress the address to listen on; loopback by default
 * @param port the TCP port; {@code 0} picks a free one
 * @param instanceId the value of the {@code x-weft-instance} response header
 * @param upstream where {@code sum} is called, {@code http://host:port}; in the mesh, the sidecar's
 *                 outbound listener
 * @param upstreamAuthority the {@code :authority} sent upstream; the sidecar routes by it
 * @param upstreamTimeout how long one call to {@code sum} may take
 * @param shutdownGrace how long in-flight requests may run on after a stop is requested
 */
public record HelloConfig(String bindAddress, int port, String instanceId, URI upstream, String upstreamAuthority,
                          Duration upstreamTimeout, Duration shutdownGrace) {

    public static final String DEFAULT_BIND_ADDRESS = ServerOptions.DEFAULT_BIND_ADDRESS;
    public static final String DEFAULT_UPSTREAM_AUTHORITY = HelloOptions.DEFAULT_UPSTREAM_AUTHORITY;
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Durations.parse(HelloOptions.DEFAULT_UPSTREAM_TIMEOUT);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Durations.parse(ServerOptions.DEFAULT_SHUTDOWN_GRACE);

    public HelloConfig {
        bindAddress = Values.host("bindAddress", requireNonNull(bindAddress, "bindAddress"));
        Values.checkPort("port", port);
        instanceId = Values.instanceId("instanceId", requireNonNull(instanceId, "instanceId"));
        upstream = Values.httpUri("upstream", requireNonNull(upstream, "upstream").toString());
        upstreamAuthority = Values.authority("upstreamAuthority",
                                             requireNonNull(upstreamAuthority, "upstreamAuthority"));
        Values.checkPositive("upstreamTimeout", requireNonNull(upstreamTimeout, "upstreamTimeout"));
        Values.checkPositive("shutdownGrace", requireNonNull(shutdownGrace, "shutdownGrace"));
    }

    /** Defaults everywhere except the given values: handy for tests and embedding. */
    public static HelloConfig of(int port, String instanceId, URI upstream) {
        return new HelloConfig(DEFAULT_BIND_ADDRESS, port, instanceId, upstream, DEFAULT_UPSTREAM_AUTHORITY,
                               DEFAULT_UPSTREAM_TIMEOUT, DEFAULT_SHUTDOWN_GRACE);
    }
}
