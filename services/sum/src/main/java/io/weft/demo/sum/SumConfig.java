package io.weft.demo.sum;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import io.weft.common.cli.Durations;
import io.weft.demo.sum.launch.ServerOptions;
import io.weft.demo.sum.launch.Values;

/**
 * The {@code sum} app's settings, immutable and validated on construction. {@link SumOptions} makes one
 * from the command line.
 *
 * @param bindAddress the address to listen on; loopback by default, since in the mesh only the local
 *                    sidecar calls the app
 * @param port the TCP port; {@code 0} picks a free one
 * @param instanceId the value of the {@code x-weft-instance} response header
 * @param shutdownGrace how long in-flight calls may run on after a stop is requested
 */
public record SumConfig(String bindAddress, int port, String instanceId, Duration shutdownGrace) {

    public static final String DEFAULT_BIND_ADDRESS = ServerOptions.DEFAULT_BIND_ADDRESS;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Durations.parse(ServerOptions.DEFAULT_SHUTDOWN_GRACE);

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
}
