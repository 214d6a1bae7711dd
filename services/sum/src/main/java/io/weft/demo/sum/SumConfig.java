package io.weft.demo.sum;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.weft.demo.sum.launch.Command;
import io.weft.demo.sum.launch.CommandLine;
import io.weft.demo.sum.launch.ServerOptions;
import io.weft.demo.sum.launch.Values;

/**
 * The {@code sum} app's settings, immutable and validated on construction.
 *
 * @param bindAddress the address to listen on; loopback by default, since in the mesh only the local
 *                    sidecar calls the app
 * @param port the TCP port; {@code 0} picks a free one
 * @param instanceId the value of the {@code x-weft-instance} response header
 * @param shutdownGrace how long in-flight calls may run on after a stop is requested
 */
public record SumConfig(String bindAddress, int port, String instanceId, Duration shutdownGrace) {

    public static final int DEFAULT_PORT = 50051;
    public static final String DEFAULT_BIND_ADDRESS = ServerOptions.DEFAULT_BIND_ADDRESS;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

    public SumConfig {
        bindAddress = Values.host("bindAddress", requireNonNull(bindAddress, "bindAddress"));
        Values.checkPort("port", port);
        instanceId = Values.instanceId("instanceId", requireNonNull(instanceId, "instanceId"));
        Values.checkPositive("shutdownGrace", requireNonNull(shutdownGrace, "shutdownGrace"));
    }

    /** Defaults everywhere except {@code port} and {@code instanceId}: handy for tests and embedding. */
    public static SumConfig of(int port, String instanceId) {
        return new SumConfig(DEFAULT_BIND_ADDRESS, port, instanceId, DEFAULT_SHUTDOWN_GRACE);
    }

    /** The options {@code sum} understands; the instance id's default is this machine's host name. */
    public static Command command(Map<String, String> env) {
        return new Command("sum", "A plain gRPC demo service: weft.demo.sum.v1.SumService.", List.of(
                ServerOptions.port("SUM", DEFAULT_PORT),
                ServerOptions.bind("SUM"),
                ServerOptions.instanceId("SUM", env),
                ServerOptions.shutdownGrace("SUM", "10s")));
    }

    /** The one place where flags and env become a {@link SumConfig}. */
    public static SumConfig from(CommandLine commandLine) {
        return new SumConfig(Values.host("--bind", commandLine.get("bind")),
                             Values.port("--port", commandLine.get("port")),
                             Values.instanceId("--instance-id", commandLine.get("instance-id")),
                             Values.positiveDuration("--shutdown-grace", commandLine.get("shutdown-grace")));
    }
}
