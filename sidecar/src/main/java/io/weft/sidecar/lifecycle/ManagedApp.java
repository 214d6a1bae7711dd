package io.weft.sidecar.lifecycle;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app process a sidecar started: it shares the sidecar's standard input, output and error, and its
 * environment, less the variables in {@code hidden} (the sidecar's bootstrap token is not the app's).
 */
public final class ManagedApp {
    private static final Logger logger = LoggerFactory.getLogger(ManagedApp.class);

    private final Process process;
    private final String name;

    private ManagedApp(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /**
     * Starts {@code command} with {@code extraEnv} added to this process's environment.
     *
     * @throws IllegalArgumentException if the command is empty or cannot be started (no such program)
     */
    public static ManagedApp start(List<String> command, Map<String, String> extraEnv, List<String> hidden) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("app command: empty (expected: a program after --)");
        }
        final ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        hidden.forEach(pb.environment()::remove);
        pb.environment().putAll(extraEnv);
        try {
            final Process process = pb.start();
            logger.info("Started app (pid {}): {}", process.pid(), String.join(" ", command));
            return new ManagedApp(process, command.get(0));
        } catch (IOException e) {
            throw new IllegalArgumentException("app command: cannot start '" + command.get(0) + "': " +
                                               e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Completes with the exit code when the app ends, whyever it ends. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Asks the app to stop (SIGTERM), waits up to {@code grace} for it, then kills it (SIGKILL).
     * Blocks until it has ended; returns its exit code.
     */
    public int stop(Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            logger.info("Stopping app {} (pid {}), grace {}", name, process.pid(), grace);
            process.destroy();
            if (!process.waitFor(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                logger.warn("App {} (pid {}) still running after the grace period: killing it", name, process.pid());
                process.destroyForcibly();
            }
        }
        return process.waitFor();
    }
}
