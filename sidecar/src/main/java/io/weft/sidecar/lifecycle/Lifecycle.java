package io.weft.sidecar.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.Sidecar;

/**
 * Orders a running sidecar and the app it manages (none: the sidecar alone, as without {@code --}).
 *
 * <p>Start: the app starts once {@link Sidecar#whenReady()} completes, that is once the sidecar has its
 * certificate, the trust bundle and the first endpoints, so the app's first call through the outbound
 * listener (which listens from the start) is served. The inbound listener is up by then too: it forwards
 * to the app being started, and the Consul check ({@code /healthz}, the app accepts connections) keeps
 * callers away until the app listens. The app gets {@code WEFT_SIDECAR_OUTBOUND_PORT} and
 * {@code WEFT_SIDECAR_ADMIN_PORT}; the sidecar's {@code WEFT_TOKEN} is removed from its environment.
 *
 * <p>Stop ({@link #stop()}, once, whoever asks first: a signal, {@code /quitquitquit}, the app's exit), all
 * within one {@code --shutdown-grace}: 1. readiness fails and the inbound listener takes no new request;
 * in-flight ones finish; 2. the app gets SIGTERM and may finish, its calls still served by the outbound
 * listener; SIGKILL when the grace is spent; 3. the sidecar closes (outbound drain, Consul deregistration).
 * The exit code is the app's, 0 without an app, 1 if the sidecar never became ready.
 *
 * <p>Threads: the app starts on the thread that completes readiness (the sidecar's blocking executor);
 * {@link #stop()} blocks its caller, so its callers are a shutdown hook or a thread of their own.
 */
public final class Lifecycle {
    private static final Logger logger = LoggerFactory.getLogger(Lifecycle.class);
    /** Variables of the sidecar that the app does not inherit. */
    private static final List<String> HIDDEN_FROM_APP = List.of("WEFT_TOKEN");

    private final Sidecar sidecar;
    private final List<String> appCommand;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final Object lock = new Object();
    @Nullable
    private ManagedApp app; // guarded by lock
    private boolean stopping; // guarded by lock

    private Lifecycle(Sidecar sidecar, List<String> appCommand) {
        this.sidecar = sidecar;
        this.appCommand = List.copyOf(appCommand);
    }

    /** Orders {@code sidecar} (just started) and the app of {@code appCommand}; empty: no app. */
    public static Lifecycle start(Sidecar sidecar, List<String> appCommand) {
        final Lifecycle lifecycle = new Lifecycle(sidecar, appCommand);
        sidecar.whenReady().whenComplete((s, e) -> {
            if (e != null) {
                lifecycle.failedToBecomeReady(e);
            } else if (!appCommand.isEmpty()) {
                lifecycle.startApp();
            }
        });
        return lifecycle;
    }

    /** Completes with the process's exit code once everything has stopped. */
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    /** The app's process id once it runs; for logs and tests. */
    @Nullable
    public Long appPid() {
        synchronized (lock) {
            return app == null ? null : app.pid();
        }
    }

    private void startApp() {
        final ManagedApp started;
        synchronized (lock) {
            if (stopping) {
                return; // stopped before it was ready: the app never runs
            }
            try {
                app = started = ManagedApp.start(appCommand, Map.of(
                        "WEFT_SIDECAR_OUTBOUND_PORT", String.valueOf(sidecar.outboundPort()),
                        "WEFT_SIDECAR_ADMIN_PORT", String.valueOf(sidecar.adminPort())), HIDDEN_FROM_APP);
            } catch (IllegalArgumentException e) {
                logger.error("{}; stopping the sidecar", e.getMessage());
                stopInBackground(1);
                return;
            }
        }
        started.onExit().thenAccept(code -> {
            final boolean stopped;
            synchronized (lock) {
                stopped = stopping;
            }
            logger.info("App (pid {}) exited with code {}{}", started.pid(), code,
                        stopped ? "" : "; stopping the sidecar");
            stopInBackground(code);
        });
    }

    private void failedToBecomeReady(Throwable cause) {
        synchronized (lock) {
            if (stopping) {
                return; // close() fails readiness on purpose
            }
        }
        logger.error("Sidecar failed to become ready{}", appCommand.isEmpty() ? "" : "; the app was not started",
                     cause);
        stopInBackground(1);
    }

    private void stopInBackground(int fallbackExitCode) {
        final Thread t = new Thread(() -> stop(fallbackExitCode), "weft-lifecycle-stop");
        t.start();
    }

    /**
     * Runs the ordered stop (see the class comment), or waits for the one already running; returns the
     * exit code. Blocks up to about twice {@code --shutdown-grace}.
     */
    public int stop() {
        return stop(0);
    }

    private int stop(int exitCodeWithoutApp) {
        final ManagedApp running;
        synchronized (lock) {
            if (stopping) {
                return exitCode.join();
            }
            stopping = true;
            running = app;
        }
        final Duration grace = sidecar.config().shutdownGrace();
        final long deadline = System.nanoTime() + grace.toNanos();
        int code = exitCodeWithoutApp;
        try {
            try {
                sidecar.drainInbound().get(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                logger.warn("Inbound requests still in flight after the grace period; stopping the app anyway");
            } catch (ExecutionException e) {
                logger.warn("Inbound drain failed", e);
            }
            if (running != null) {
                code = running.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sidecar.close();
            exitCode.complete(code);
        }
        return code;
    }
}
