package io.weft.demo.sum.launch;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Option;

/**
 * The options both demo apps have, as a picocli mixin ({@code @Mixin ServerOptions server}), so the two
 * apps spell, default and document them the same way. Each app declares its own {@code --port}: the
 * defaults differ. The accessors check the values and name the flag when one is wrong.
 */
public final class ServerOptions {

    /** Loopback: in the mesh only the local sidecar calls the app. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    /** The {@code --shutdown-grace} default, as a user would type it. */
    public static final String DEFAULT_SHUTDOWN_GRACE = "10s";

    @Option(names = "--bind", paramLabel = "<address>", defaultValue = DEFAULT_BIND_ADDRESS,
            description = "address to listen on")
    private String bind = DEFAULT_BIND_ADDRESS;

    @Option(names = "--instance-id", paramLabel = "<id>",
            description = { "sent as the x-weft-instance response header",
                            "default: $HOSTNAME, else this machine's host name" })
    @Nullable
    private String instanceId;

    @Option(names = "--shutdown-grace", paramLabel = "<duration>", defaultValue = DEFAULT_SHUTDOWN_GRACE,
            description = "how long in-flight requests may finish after SIGTERM")
    private Duration shutdownGrace = Duration.ZERO;

    /** {@code --bind}, checked. */
    public String bindAddress() {
        return Values.host("--bind", bind);
    }

    /** {@code --instance-id}, checked, or else the host name ({@link Values#defaultInstanceId}). */
    public String instanceId(Map<String, String> env) {
        return instanceId == null ? Values.defaultInstanceId(env) : Values.instanceId("--instance-id", instanceId);
    }

    /** {@code --shutdown-grace}, checked. */
    public Duration shutdownGrace() {
        return Values.checkPositive("--shutdown-grace", shutdownGrace);
    }

    /** The socket address for {@code bindAddress:port}, resolved now so a bad host fails with its name. */
    public static InetSocketAddress listenAddress(String bindAddress, int port) {
        final InetSocketAddress address = new InetSocketAddress(bindAddress, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("bindAddress: " + bindAddress +
                                               " (expected: a resolvable host name or an IP address)");
        }
        return address;
    }
}
