package io.weft.demo.hello;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.weft.demo.sum.launch.Command;
import io.weft.demo.sum.launch.CommandLine;
import io.weft.demo.sum.launch.Option;
import io.weft.demo.sum.launch.ServerOptions;
import io.weft.demo.sum.launch.Values;

/**
 * The {@code hello} app's settings, immutable and validated on construction.
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

    public static final int DEFAULT_PORT = 8081;
    public static final String DEFAULT_BIND_ADDRESS = ServerOptions.DEFAULT_BIND_ADDRESS;
    public static final URI DEFAULT_UPSTREAM = URI.create("http://127.0.0.1:15001");
    public static final String DEFAULT_UPSTREAM_AUTHORITY = "sum";
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

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

    /** The options {@code hello} understands; the instance id's default is this machine's host name. */
    public static Command command(Map<String, String> env) {
        return new Command("hello", "A plain HTTP/JSON demo service that calls sum over gRPC.", List.of(
                ServerOptions.port("HELLO", DEFAULT_PORT),
                ServerOptions.bind("HELLO"),
                ServerOptions.instanceId("HELLO", env),
                new Option("upstream", "uri", "HELLO_UPSTREAM", DEFAULT_UPSTREAM.toString(),
                           "where GET /sum calls sum (in the mesh: the sidecar's outbound listener)"),
                new Option("upstream-authority", "authority", "HELLO_UPSTREAM_AUTHORITY",
                           DEFAULT_UPSTREAM_AUTHORITY, ":authority of calls to sum; the sidecar routes by it"),
                new Option("upstream-timeout", "duration", "HELLO_UPSTREAM_TIMEOUT", "5s",
                           "how long one call to sum may take"),
                ServerOptions.shutdownGrace("HELLO", "10s")));
    }

    /** The one place where flags and env become a {@link HelloConfig}. */
    public static HelloConfig from(CommandLine commandLine) {
        return new HelloConfig(
                Values.host("--bind", commandLine.get("bind")),
                Values.port("--port", commandLine.get("port")),
                Values.instanceId("--instance-id", commandLine.get("instance-id")),
                Values.httpUri("--upstream", commandLine.get("upstream")),
                Values.authority("--upstream-authority", commandLine.get("upstream-authority")),
                Values.positiveDuration("--upstream-timeout", commandLine.get("upstream-timeout")),
                Values.positiveDuration("--shutdown-grace", commandLine.get("shutdown-grace")));
    }
}
