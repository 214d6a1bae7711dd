package io.weft.devmesh.consul.checks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.weft.devmesh.consul.catalog.CheckDefinition;

/** Consul's TCP check: passing when a connection opens within the timeout. */
final class TcpProbe {
    private final Executor blockingExecutor;

    /** {@code blockingExecutor} runs the (blocking) connect; it must not be an event loop. */
    TcpProbe(Executor blockingExecutor) {
        this.blockingExecutor = blockingExecutor;
    }

    CompletableFuture<ProbeResult> probe(CheckDefinition def, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> connect(def.tcp(), timeout), blockingExecutor);
    }

    static ProbeResult connect(String target, Duration timeout) {
        final int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            return ProbeResult.critical("dial tcp " + target + ": missing port in address");
        }
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        final int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            return ProbeResult.critical("dial tcp " + target + ": unknown port");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return ProbeResult.passing("TCP connect " + target + ": Success");
        } catch (IOException | IllegalArgumentException e) {
            return ProbeResult.critical("dial tcp " + target + ": " + HttpProbe.describe(e));
        }
    }
}
