package io.weft.sidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback address whose SYNs are never answered, to time connect timeouts: a listening socket with a
 * backlog of 1 that never accepts, its accept queue filled with connections first. Linux then drops every
 * further SYN (it does not reset: {@code tcp_abort_on_overflow} is 0 by default), so a connect waits until
 * its own timeout, deterministically and without leaving the machine. {@link #filled} says whether the
 * queue was seen full (a connect of our own timed out).
 */
public final class UnansweredPort implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> queued = new ArrayList<>();
    private final boolean filled;

    public UnansweredPort() {
        try {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            boolean full = false;
            for (int i = 0; i < 64 && !full; i++) {
                final Socket s = new Socket();
                try {
                    s.connect(address(), 200);
                    queued.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    full = true;
                }
            }
            filled = full;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Whether a connect to {@link #address} was seen to go unanswered. */
    public boolean filled() {
        return filled;
    }

    @Override
    public void close() throws IOException {
        for (Socket s : queued) {
            s.close();
        }
        server.close();
    }
}
