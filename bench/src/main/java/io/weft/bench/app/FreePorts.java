package io.weft.bench.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints N distinct free loopback ports, one per line (held open together so they differ). */
@Command(name = "ports", sortOptions = false,
         header = "print N free loopback ports")
public final class FreePorts implements Callable<Integer> {

    @Parameters(paramLabel = "N", defaultValue = "1", description = "how many ports")
    private int count;

    @Override
    public Integer call() throws IOException {
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
        return 0;
    }
}
