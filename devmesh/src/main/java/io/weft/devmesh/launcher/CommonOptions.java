package io.weft.devmesh.launcher;

import java.nio.file.Path;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every launcher command has (a picocli mixin): {@code --state-dir}, {@code --help}, and the
 * {@link Terminal} of the process running it, which is {@code devmesh.jar}'s top command.
 */
final class CommonOptions {

    private static final String DEFAULT_STATE_DIR = ".weft";

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = DEFAULT_STATE_DIR,
            description = "where run.json, logs, the bootstrap token and the demo CA live")
    Path stateDir = Path.of(DEFAULT_STATE_DIR);

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "print this text")
    boolean help;

    @Spec(Spec.Target.MIXEE)
    @Nullable
    CommandSpec command;

    /** The state directory, absolute: child processes and run.json must not depend on a working directory. */
    Path stateDir() {
        return stateDir.toAbsolutePath().normalize();
    }

    /** The parent command's terminal, or the process's own when the command runs on its own. */
    Terminal terminal() {
        return terminalOf(command);
    }

    /** The terminal of {@code command}'s parent, or the process's own when there is none. */
    static Terminal terminalOf(@Nullable CommandSpec command) {
        final CommandSpec parent = command == null ? null : command.parent();
        return parent != null && parent.userObject() instanceof Terminal t ? t : Terminal.SYSTEM;
    }
}
