package io.weft.devmesh.launcher;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** {@code --state-dir}, which every launcher command takes: where run.json, logs and the demo CA live. */
final class StateDirOption {

    private static final String DEFAULT = ".weft";

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = DEFAULT,
            description = "where run.json, logs, the bootstrap token and the demo CA live")
    Path stateDir = Path.of(DEFAULT);

    /** The directory, absolute: child processes and run.json must not depend on a working directory. */
    Path path() {
        return stateDir.toAbsolutePath().normalize();
    }
}
