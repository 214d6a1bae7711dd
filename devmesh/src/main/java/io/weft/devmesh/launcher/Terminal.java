package io.weft.devmesh.launcher;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a launcher command gets from the process that runs it: the environment ({@code CONSUL_HTTP_ADDR},
 * {@code PATH}) and standard output. {@code devmesh.jar}'s top command provides it (picocli's
 * {@code @ParentCommand}), so tests can pass their own.
 */
public interface Terminal {

    /** The process's own environment and standard output. */
    Terminal SYSTEM = new Terminal() {
        @Override
        public Map<String, String> env() {
            return System.getenv();
        }

        @Override
        public PrintStream out() {
            return System.out;
        }
    };

    Map<String, String> env();

    PrintStream out();
}
