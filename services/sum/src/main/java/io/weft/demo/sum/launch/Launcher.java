package io.weft.demo.sum.launch;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.GracefulShutdown;
import com.linecorp.armeria.server.Server;

/**
 * The life of a demo app's process once its options are read: start, one log line with the bound address,
 * and a graceful stop on SIGTERM/SIGINT that ends with exit status 0.
 */
public final class Launcher {

    private static final Duration QUIET_PERIOD = Duration.ofMillis(500);

    /**
     * Starts {@code server}, logs {@code "<app> listening on <address> (instance <id>)"}, then blocks the
     * calling (main) thread until SIGTERM or SIGINT, stops the server gracefully (it stops accepting, lets
     * in-flight requests finish within its graceful-shutdown timeout) and returns exit status 0; 1 if the
     * server cannot listen.
     */
    public static int runUntilSignalled(String app, Server server, String instanceId) {
        final CompletableFuture<String> signalled = new CompletableFuture<>();
        TerminationSignals.handle(signalled::complete);
        try {
            // Any other way out of the JVM (System.exit elsewhere, SIGHUP) still stops the server gracefully.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join(), app + "-shutdown"));
        } catch (IllegalStateException e) {
            return 0; // A signal arrived before we could catch it: the JVM is already exiting; nothing started.
        }

        // Named after the app, so its log lines read "io.weft.demo.sum - sum listening on ...".
        final Logger appLogger = LoggerFactory.getLogger("io.weft.demo." + app);
        try {
            server.start().join();
        } catch (CompletionException e) {
            final Throwable cause = Exceptions.peel(e);
            final InetSocketAddress configured = server.config().ports().get(0).localAddress();
            appLogger.error("{} cannot listen on {}: {}", app, hostPort(configured),
                            cause.getMessage() != null ? cause.getMessage() : cause.toString());
            return 1;
        }
        appLogger.info("{} listening on {} (instance {})", app, address(server), instanceId);

        final String signal = signalled.join();
        appLogger.info("{} received {}; stopping gracefully", app, signal);
        server.stop().join();
        appLogger.info("{} stopped", app);
        return 0;
    }

    /**
     * Graceful shutdown for a demo app: once stopping, the server waits until no request has been in
     * flight for a short quiet period, but never longer than {@code grace}. (Armeria skips the wait
     * entirely when the quiet period is zero, so it must stay positive.)
     */
    public static GracefulShutdown gracefulShutdown(Duration grace) {
        Values.checkPositive("grace", grace);
        final Duration quietPeriod = grace.compareTo(QUIET_PERIOD) < 0 ? grace : QUIET_PERIOD;
        return GracefulShutdown.builder().quietPeriod(quietPeriod).timeout(grace).build();
    }

    /** {@code host:port} of the server's first bound port. */
    public static String address(Server server) {
        return hostPort(server.activePort().localAddress());
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ':' + address.getPort();
    }

    private Launcher() {}
}
