package io.weft.controlplane;

import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weft.common.cli.Cli;

import io.weft.controlplane.config.ControlPlaneOptions;

/**
 * {@code java -jar control-plane.jar [--option value]...}; see {@code --help}. A mistake on the command line
 * exits with 2 and one {@code error:} line; a control plane that cannot start exits with 1. Stops
 * gracefully on SIGTERM.
 */
public final class ControlPlaneMain {

    private static final Logger logger = LoggerFactory.getLogger(ControlPlaneMain.class);

    private ControlPlaneMain() {}

    public static void main(String[] args) {
        final int exitCode = Cli.run(new ControlPlaneOptions(ControlPlaneMain::serve), args, System.getenv());
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Runs a control plane until the JVM is asked to stop; the exit code. */
    private static int serve(ControlPlaneConfig config) {
        final ControlPlane controlPlane;
        try {
            controlPlane = ControlPlane.start(config);
        } catch (RuntimeException e) {
            logger.error("Control plane failed to start: {}", e.getMessage(), e);
            return 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controlPlane.close();
            stopped.countDown();
        }, "weft-cp-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
