package io.weft.devmesh.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts processes, waits for them to be ready and stops every one of them, whatever ends the run.
 * Stopping goes in reverse start order: a SIGTERM to all (each JVM shuts down gracefully), then
 * SIGKILL for any process still running after the grace period. Thread-safe.
 */
final class Supervisor implements AutoCloseable {

    /** Raised when a process exits or does not become ready in time; the message says which and why. */
    static final class StartupFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartupFailure(String message) {
            super(message);
        }
    }

    private final Path logDir;
    private final Duration grace;
    private final Clock clock;
    private final PrintStream out;
    private final Consumer<List<ManagedProcess>> onChange;
    private final List<ManagedProcess> started = new ArrayList<>();
    private volatile boolean stopping;

    /**
     * @param onChange called (on the calling thread) with every process started so far, after each
     *                 start, so the caller can record pids
     */
    Supervisor(Path logDir, Duration grace, Clock clock, PrintStream out, Consumer<List<ManagedProcess>> onChange) {
        this.logDir = logDir;
        this.grace = grace;
        this.clock = clock;
        this.out = out;
        this.onChange = onChange;
    }

    synchronized ManagedProcess start(ProcessSpec spec) {
        if (stopping) {
            throw new StartupFailure("stopping; not starting " + spec.name());
        }
        final ManagedProcess process = ManagedProcess.start(spec, logDir);
        started.add(process);
        process.process().onExit().thenAccept(p -> {
            if (!stopping && !process.stopRequested()) {
                out.println("! " + spec.name() + " (pid " + p.pid() + ") exited with code " + p.exitValue()
                            + "; log: " + process.log());
            }
        });
        onChange.accept(List.copyOf(started));
        return process;
    }

    synchronized List<ManagedProcess> processes() {
        return List.copyOf(started);
    }

    /**
     * Polls until every process is ready.
     *
     * @throws StartupFailure when one exits first or the deadline passes, naming it, its probe and
     *                        the end of its log
     */
    void awaitReady(List<ManagedProcess> processes, Instant deadline) throws InterruptedException {
        while (true) {
            boolean all = true;
            for (ManagedProcess p : processes) {
                if (!p.isAlive()) {
                    throw new StartupFailure(p.name() + " exited with code " + p.process().exitValue()
                                             + " before it was ready" + tail(p));
                }
                all &= p.checkReady();
            }
            if (all) {
                return;
            }
            if (clock.instant().isAfter(deadline)) {
                final StringBuilder msg = new StringBuilder("not ready in time:");
                for (ManagedProcess p : processes) {
                    if (!p.isReady()) {
                        msg.append("\n  ").append(p.name()).append(": waiting for ")
                           .append(p.spec().readiness().map(Probe::description).orElse("the process"))
                           .append(tail(p));
                    }
                }
                throw new StartupFailure(msg.toString());
            }
            // A command-line poll: nothing else runs on this thread.
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private static String tail(ManagedProcess p) {
        return "\n    log " + p.log() + ", last lines:\n      " + String.join("\n      ", p.logTail(15));
    }

    /**
     * Stops one process now, as {@link #close()} would (SIGTERM, SIGKILL after the grace period), and
     * forgets it; returns once it has exited.
     */
    void stop(ManagedProcess process) throws InterruptedException {
        synchronized (this) {
            started.remove(process);
            onChange.accept(List.copyOf(started));
        }
        process.terminate();
        if (!process.process().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            out.println("! " + process.name() + " did not stop within " + grace.toSeconds() + " s; killing it");
            process.kill();
            process.process().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Stops everything started, layer by layer; returns once all have exited. Idempotent. */
    @Override
    public void close() {
        final List<ManagedProcess> toStop;
        synchronized (this) {
            stopping = true;
            toStop = new ArrayList<>(started);
        }
        // Dependents first (gateway, sidecars, apps), then the control plane, then Consul; each tier
        // gets the grace period, so sidecars can still deregister from Consul while it runs.
        for (List<ManagedProcess> tier : tiers(toStop)) {
            tier.forEach(ManagedProcess::terminate);
            final Instant deadline = clock.instant().plus(grace);
            for (ManagedProcess p : tier) {
                final long left = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
                try {
                    if (!p.process().waitFor(left, TimeUnit.MILLISECONDS)) {
                        out.println("! " + p.name() + " did not stop within " + grace.toSeconds() + " s; killing it");
                        p.kill();
                        p.process().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    p.kill();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Groups processes by layer, highest (workloads) first. */
    private static List<List<ManagedProcess>> tiers(List<ManagedProcess> processes) {
        final java.util.TreeMap<Integer, List<ManagedProcess>> byLayer =
                new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (ManagedProcess p : processes) {
            byLayer.computeIfAbsent(p.spec().layer(), k -> new ArrayList<>()).add(p);
        }
        return new ArrayList<>(byLayer.values());
    }
}
