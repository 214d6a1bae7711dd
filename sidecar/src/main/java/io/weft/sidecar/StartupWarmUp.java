package io.weft.sidecar;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.internal.common.util.MinifiedBouncyCastleProvider;

/**
 * Start-up work that depends on no option, begun on a thread of its own as {@code main} starts, so that
 * it overlaps with reading the options (picocli) instead of following it: Armeria's flags with the TLS
 * engine (BoringSSL loaded and probed, the transport chosen) and the Bouncy Castle provider Armeria builds
 * every TLS context with (its EC curve tables). In a profile of a start these were ~0.6 s of the main
 * thread's ~1.6 s.
 *
 * <p>{@link #await()} before anything else touches Armeria or Netty: two threads initialising classes
 * that depend on each other could otherwise wait for each other forever. A failure here only means the
 * same work happens later, on the main thread.
 */
final class StartupWarmUp {
    private static final Logger logger = LoggerFactory.getLogger(StartupWarmUp.class);

    private final Thread thread = new Thread(StartupWarmUp::run, "weft-warmup");

    static StartupWarmUp start() {
        final StartupWarmUp warmUp = new StartupWarmUp();
        warmUp.thread.setDaemon(true);
        warmUp.thread.start();
        return warmUp;
    }

    private static void run() {
        try {
            Flags.tlsEngineType();
            // Armeria's own class, created for every TLS context it builds; the first one builds the tables.
            new MinifiedBouncyCastleProvider();
        } catch (Throwable t) { // NOPMD: anything, even a LinkageError; the main thread meets it again
            logger.debug("Start-up warm-up failed; the main thread does the same work", t);
        }
    }

    /** Waits for the warm-up to end. */
    void await() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private StartupWarmUp() {}
}
