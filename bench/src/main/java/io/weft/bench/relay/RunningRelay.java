package io.weft.bench.relay;

import java.util.concurrent.CompletableFuture;

/**
 * A started relay hop: the port it listens on, a future that completes when its listener has closed, and how
 * to stop it (listener, connections, event loop).
 */
record RunningRelay(int port, CompletableFuture<?> closed, Runnable stop) implements AutoCloseable {

    /** Serves until the process is stopped (SIGTERM runs {@link #close()}); {@code what} is logged once. */
    int serve(String what) {
        System.out.println(what + " listening on port " + port);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "relay-stop"));
        closed.join();
        return 0;
    }

    @Override
    public void close() {
        stop.run();
    }
}
