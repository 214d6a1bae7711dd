package io.weft.sidecar.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Whether the local app accepts connections: a TCP connect to its port. Blocking: call it on a
 * blocking executor, never on an event loop.
 */
public final class AppHealthCheck {
    private final String host;
    private final int port;
    private final Duration timeout;

    public AppHealthCheck(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** {@code null} when healthy, else the reason. */
    public String check() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return null;
        } catch (IOException e) {
            return "app at " + host + ':' + port + " is not accepting connections: " + e.getMessage();
        }
    }
}
