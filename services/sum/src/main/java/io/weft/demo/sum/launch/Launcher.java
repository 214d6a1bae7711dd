package io.weft.demo.sum.launch;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.GracefulShutdown;
import com.linecorp.armeria.server.Server;

/**
 * The life of a demo app's process: config from flags and env (or {@code --help}), start, one log line
 * with the bound address, and a graceful stop on SIGTERM/SIGINT that ends with exit status 0.
 */
public final class Launcher {

    private static final Duration QUIET_PERIOD = Duration.ofMillis(500);

    /** Exit status for a bad command line (what most command-line tools use for usage errors). */
    static final int EXIT_USAGE = 2;

    /**
     * Turns {@code args} and {@code env} into the app's config, or prints help (exit 0) or the error
     * (exit 2) and exits. {@code toConfig} throws {@link IllegalArgumentException} on a bad value.
     */
    public static <C> C configOrExit(Command command, String[] args, Map<String, String> env,
                                     Function<CommandLine, C> toConfig) {
        final Parsed<C> parsed = parse(command, args, env, toConfig);
        if (parsed.output() != null) {
            final PrintStream out = parsed.exitStatus() == 0 ? System.out : System.err;
            out.print(parsed.output());
            out.flush();
            System.exit(parsed.exitStatus());
        }
        return parsed.config();
    }

    /** What {@link #configOrExit} would do, without exiting: for tests. */
    static <C> Parsed<C> parse(Command command, String[] args, Map<String, String> env,
                               Function<CommandLine, C> toConfig) {
        try {
            final CommandLine commandLine = CommandLine.parse(command, Arrays.asList(args), env);
            if (commandLine.helpRequested()) {
                return new Parsed<>(null, command.usage(), 0);
            }
            return new Parsed<>(toConfig.apply(commandLine), null, 0);
        } catch (IllegalArgumentException e) {
            return new Parsed<>(null, command.program() + ": " + e.getMessage() + "\n" +
                                      "Run with --help to see every option.\n", EXIT_USAGE);
        }
    }

    /** Either a config, or text to print and the status to exit with. */
    record Parsed<C>(@Nullable C config, @Nullable String output, int exitStatus) {}

    /**
     * Starts {@code server}, logs {@code "<app> listening on <address> (instance <id>)"}, then blocks the
     * calling (main) thread until SIGTERM or SIGINT, stops the server gracefully (it stops accepting, lets
     * in-flight requests finish within its graceful-shutdown timeout) and exits with status 0.
     */
    public static void runUntilSignalled(String app, Server server, String instanceId) {
        final CompletableFuture<String> signalled = new CompletableFuture<>();
        TerminationSignals.handle(signalled::complete);
        try {
            // Any other way out of the JVM (System.exit elsewhere, SIGHUP) still stops the server gracefully.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join(), app + "-shutdown"));
        } catch (IllegalStateException e) {
            return; // A signal arrived before we could catch it: the JVM is already exiting; nothing started.
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
            System.exit(1);
        }
        appLogger.info("{} listening on {} (instance {})", app, address(server), instanceId);

        final String signal = signalled.join();
        appLogger.info("{} received {}; stopping gracefully", app, signal);
        server.stop().join();
        appLogger.info("{} stopped", app);
        System.exit(0);
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
