package io.weft.demo.sum.launch;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * Catches SIGTERM and SIGINT. A plain shutdown hook would also run on SIGTERM, but the JVM then exits
 * with 143 (128 + 15) whatever the hook does; catching the signal lets the app stop gracefully and exit
 * with 0. {@code sun.misc.Signal} lives in the {@code jdk.unsupported} module, which JEP 260 keeps
 * available for exactly this; its use is confined to this class (javac warns about it here only).
 */
final class TerminationSignals {

    private static final Logger logger = LoggerFactory.getLogger(TerminationSignals.class);

    /**
     * Runs {@code handler} with the signal's name ({@code "SIGTERM"}) on the JVM's signal thread; it must
     * return quickly. Signals this JVM cannot handle (e.g. under {@code -Xrs}) are skipped and logged.
     */
    static void handle(Consumer<String> handler) {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> handler.accept("SIG" + signal.getName()));
            } catch (IllegalArgumentException e) {
                logger.debug("Cannot handle SIG{} here; relying on the shutdown hook", name, e);
            }
        }
    }

    private TerminationSignals() {}
}
