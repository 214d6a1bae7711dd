package io.weft.bench.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import io.weft.bench.Args;

/** Prints N distinct free loopback ports, one per line (held open together so they differ). */
public final class FreePorts {

    public static void run(Args args) throws IOException {
        final int count = args.positional().isEmpty() ? 1 : Integer.parseInt(args.positional().get(0));
        final List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                System.out.println(socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private FreePorts() {}
}
