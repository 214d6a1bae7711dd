package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out free TCP ports on 127.0.0.1, never the same one twice, so that every listener of every
 * process the launcher starts gets its own port. A port is free when it can be bound right now; the
 * short window before the child binds it is the usual, accepted race.
 */
final class PortAllocator {

    private final Set<Integer> handedOut = new HashSet<>();

    /** A free port no earlier call returned. */
    synchronized int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            final int port = probe(0);
            if (handedOut.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("could not find a free TCP port on 127.0.0.1 after 100 attempts");
    }

    /**
     * Reserves a port the user asked for (e.g. the gateway's 8080).
     *
     * @throws IllegalArgumentException naming the port and what to do when it is in use
     */
    synchronized int require(int port, String what) {
        if (!isFree(port) || !handedOut.add(port)) {
            throw new IllegalArgumentException(
                    what + ": port " + port + " is already in use (expected: a free port; pick another with "
                    + "--port, or find the user with `ss -ltnp 'sport = :" + port + "'`)");
        }
        return port;
    }

    static boolean isFree(int port) {
        try {
            probe(port);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static int probe(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as servers do: a port in TIME_WAIT is free for them
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
