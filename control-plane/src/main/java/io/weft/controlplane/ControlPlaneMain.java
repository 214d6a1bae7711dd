package io.weft.controlplane;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weft.controlplane.config.ControlPlaneOptions;

/** {@code java -jar control-plane.jar [--option value]...}; see {@code --help}. Stops gracefully on SIGTERM. */
public final class ControlPlaneMain {

    private static final Logger logger = LoggerFactory.getLogger(ControlPlaneMain.class);

    private ControlPlaneMain() {}

    public static void main(String[] args) throws InterruptedException {
        final Optional<ControlPlaneConfig> config;
        try {
            config = ControlPlaneOptions.parse(List.of(args), System.getenv());
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("Run with --help for every option.");
            System.exit(2);
            return;
        }
        if (config.isEmpty()) {
            System.out.print(ControlPlaneOptions.help());
            return;
        }
        final ControlPlane controlPlane;
        try {
            controlPlane = ControlPlane.start(config.get());
        } catch (RuntimeException e) {
            logger.error("Control plane failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controlPlane.close();
            stopped.countDown();
        }, "weft-cp-shutdown"));
        stopped.await();
    }
}
