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

    public static void main(String[] args) {
        // Netty's buffer allocator reports its chunks as JFR events whenever the JDK has JFR: the first
        // direct buffer then starts JFR's metadata repository (~100 classes that stay, ~90 ms of a start's
        // CPU), recorded or not. Off unless asked for: -Dio.netty.jfr.enabled=true.
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
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

    private SidecarMain() {}
}
