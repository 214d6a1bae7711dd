package io.weft.demo.sum.launch;

import java.net.InetSocketAddress;
import java.util.Map;

/** The options every demo app has, so both apps spell, default and document them the same way. */
public final class ServerOptions {

    /** Loopback: in the mesh only the local sidecar calls the app. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    /** {@code --port <port>}, env {@code <PREFIX>_PORT}. */
    public static Option port(String envPrefix, int defaultPort) {
        return new Option("port", "port", envPrefix + "_PORT", Integer.toString(defaultPort),
                          "TCP port to listen on, 0 = any");
    }

    /** {@code --bind <address>}, env {@code <PREFIX>_BIND}. */
    public static Option bind(String envPrefix) {
        return new Option("bind", "address", envPrefix + "_BIND", DEFAULT_BIND_ADDRESS, "address to listen on");
    }

    /** {@code --instance-id <id>}, env {@code <PREFIX>_INSTANCE_ID}; defaults to this machine's host name. */
    public static Option instanceId(String envPrefix, Map<String, String> env) {
        return new Option("instance-id", "id", envPrefix + "_INSTANCE_ID", Values.defaultInstanceId(env),
                          "sent as the x-weft-instance response header");
    }

    /** {@code --shutdown-grace <duration>}, env {@code <PREFIX>_SHUTDOWN_GRACE}. */
    public static Option shutdownGrace(String envPrefix, String defaultGrace) {
        return new Option("shutdown-grace", "duration", envPrefix + "_SHUTDOWN_GRACE", defaultGrace,
                          "how long in-flight requests may finish after SIGTERM");
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

    private ServerOptions() {}
}
