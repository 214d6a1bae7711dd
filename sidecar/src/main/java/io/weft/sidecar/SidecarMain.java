package io.weft.sidecar;

import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weft.common.cli.Cli;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.config.SidecarOptions;

/** {@code java -jar sidecar.jar [--option value]...}; {@code --help} lists every option and default. */
public final class SidecarMain {
    private static final Logger logger = LoggerFactory.getLogger(SidecarMain.class);

    public static void main(String[] args) {
        final int exitCode = Cli.run(new SidecarOptions(SidecarMain::run), args, System.getenv());
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Runs the sidecar until SIGTERM/SIGINT; 1 if it could not start. */
    private static int run(SidecarConfig config) {
        final Sidecar sidecar;
        try {
            sidecar = Sidecar.start(config);
        } catch (RuntimeException e) {
            final String cause = e.getCause() == null ? "" : " (" + e.getCause() + ')';
            System.err.println("weft sidecar: could not start: " + e.getMessage() + cause);
            logger.debug("Startup failure", e);
            return 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT: drain within the grace period, deregister, then let the JVM exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sidecar.close();
            stopped.countDown();
        }, "weft-shutdown"));
        sidecar.whenReady().exceptionally(e -> {
            logger.error("Sidecar failed to become ready", e);
            return null;
        });
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private SidecarMain() {}
}
