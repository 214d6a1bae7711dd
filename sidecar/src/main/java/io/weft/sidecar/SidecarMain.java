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

    public static void main(String[] args) {
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
