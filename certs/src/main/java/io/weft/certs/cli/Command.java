package io.weft.certs.cli;

import java.io.PrintStream;
import java.util.List;

/** One sub-command of the {@code certs} tool. */
interface Command {

    /** The word that selects this command. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The full usage text, options included. */
    String usage();

    /**
     * Runs the command; results go to {@code out}.
     *
     * @return the exit code (0 on success)
     * @throws Args.UsageException if the arguments are wrong
     */
    int run(List<String> args, PrintStream out) throws Exception;
}
