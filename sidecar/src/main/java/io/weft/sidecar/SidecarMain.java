package io.weft.sidecar;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weft.common.cli.Cli;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.config.SidecarOptions;
import io.weft.sidecar.lifecycle.Lifecycle;

/**
 * {@code java -jar sidecar.jar [--option value]... [-- <app command>...]}; {@code --help} lists every
 * option and default, {@link Lifecycle} the order in which the sidecar and its app start and stop.
 */
public final class SidecarMain {
    private static final Logger logger = LoggerFactory.getLogger(SidecarMain.class);
    private static final String NETTY_JFR = "io.netty.jfr.enabled";
    private static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

    public static void main(String[] args) {
        // Netty's buffer allocator reports its chunks as JFR events whenever the JDK has JFR: the first
        // direct buffer then starts JFR's metadata repository (~100 classes that stay, ~90 ms of a start's
        // CPU), recorded or not. Off unless asked for: -Dio.netty.jfr.enabled=true.
        defaultProperty(NETTY_JFR, "false");
        // Netty's leak detector (level "simple" unless set) records a stack trace for one buffer in 128: under
        // load 5-7 % of each hop's CPU in async-profiler (bench/results/2026-12-02-json-front.md, section 6)
        // goes to Throwable#fillInStackTrace for it. Off unless asked for: -Dio.netty.leakDetection.level=simple
        // (or paranoid, to hunt a leak). The tests, which run sidecars in-process, keep Netty's default.
        defaultProperty(NETTY_LEAK_DETECTION, "disabled");
        final StartupWarmUp warmUp = StartupWarmUp.start(); // logging is configured by now (this class's logger)
        // Also when 0: a stop asked for by /quitquitquit or the app's exit leaves no thread that ends the JVM.
        System.exit(Cli.run(new SidecarOptions((config, app) -> run(warmUp, config, app)), args, System.getenv()));
    }

    /**
     * Runs the sidecar (and its app) until SIGTERM/SIGINT/SIGHUP, /quitquitquit or the app's exit; 1 if
     * it could not start.
     */
    private static int run(StartupWarmUp warmUp, SidecarConfig config, List<String> appCommand) {
        warmUp.await();
        final Sidecar sidecar;
        try {
            sidecar = Sidecar.start(config);
        } catch (RuntimeException e) {
            final String cause = e.getCause() == null ? "" : " (" + e.getCause() + ')';
            System.err.println("weft sidecar: could not start: " + e.getMessage() + cause);
            logger.debug("Startup failure", e);
            return 1;
        }
        final Lifecycle lifecycle = Lifecycle.start(sidecar, appCommand);
        // A signal: the ordered stop runs in the hook, and the JVM exits once it returns (code 128 + signal).
        Runtime.getRuntime().addShutdownHook(new Thread(lifecycle::stop, "weft-shutdown"));
        sidecar.whenQuitRequested().thenRun(() -> new Thread(lifecycle::stop, "weft-quit").start());
        return lifecycle.exitCode().join();
    }

    /** Sets a system property unless the command line did (before any Netty class reads it). */
    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private SidecarMain() {}
}
