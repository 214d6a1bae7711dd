package io.weft.devmesh;

import java.io.PrintStream;
import java.util.List;

/**
 * One {@code devmesh.jar} subcommand. Built-in commands are listed in {@link DevmeshMain};
 * others are found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/io.weft.devmesh.DevmeshCommand}.
 */
public interface DevmeshCommand {
    /** The word that selects this command, e.g. "consul". */
    String name();

    /** One line for the command list in {@code --help}. */
    String summary();

    /** The command's own usage text, printed for {@code <name> --help}. */
    String usage();

    /**
     * Runs the command. A server command blocks until the JVM is asked to stop.
     *
     * @return the process exit code
     * @throws UsageException for bad arguments; the message is printed with the usage
     */
    int run(List<String> args, PrintStream out) throws Exception;

    /** Bad command-line arguments; the message names the argument and what was expected. */
    final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
