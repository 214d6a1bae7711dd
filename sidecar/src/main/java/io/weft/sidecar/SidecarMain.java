package io.weft.sidecar;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weft.sidecar.config.ConfigOptions;
import io.weft.sidecar.config.SidecarConfig;

/** {@code java -jar sidecar.jar [--option value]...}; {@code --help} lists every option and default. */
public final class SidecarMain {
    private static final Logger logger = LoggerFactory.getLogger(SidecarMain.class);

    public static void main(String[] args) throws InterruptedException {
        final List<String> argList = Arrays.asList(args);
        if (argList.contains("--help") || argList.contains("-h")) {
            System.out.print(ConfigOptions.help());
            return;
        }
        final SidecarConfig config;
        try {
            config = ConfigOptions.parse(argList, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("weft sidecar: " + e.getMessage() + "\nRun with --help for every option.");
            System.exit(2);
            return;
        }
        final Sidecar sidecar;
        try {
            sidecar = Sidecar.start(config);
        } catch (RuntimeException e) {
            final String cause = e.getCause() == null ? "" : " (" + e.getCause() + ')';
            System.err.println("weft sidecar: could not start: " + e.getMessage() + cause);
            logger.debug("Startup failure", e);
            System.exit(1);
            return;
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
        stopped.await();
    }

    private SidecarMain() {}
}
