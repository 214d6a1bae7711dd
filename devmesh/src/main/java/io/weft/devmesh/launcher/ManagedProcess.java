package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A started {@link ProcessSpec}: its OS process and its log file. */
final class ManagedProcess {

    private final ProcessSpec spec;
    private final Process process;
    private final Path log;
    private volatile boolean ready;
    private volatile boolean stopRequested;

    ManagedProcess(ProcessSpec spec, Process process, Path log) {
        this.spec = spec;
        this.process = process;
        this.log = log;
    }

    static ManagedProcess start(ProcessSpec spec, Path logDir) {
        final Path log = logDir.resolve(spec.name() + ".log");
        final ProcessBuilder builder = new ProcessBuilder(spec.command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        builder.environment().putAll(spec.environment());
        try {
            return new ManagedProcess(spec, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + spec.name() + " (" + spec.command().get(0)
                                           + "): " + e.getMessage(), e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    ProcessSpec spec() {
        return spec;
    }

    String name() {
        return spec.name();
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean isReady() {
        return ready;
    }

    /** Checks readiness once; a process without a probe is ready once it runs. */
    boolean checkReady() {
        if (!ready) {
            ready = spec.readiness().map(Probe::ready).orElse(process.isAlive());
        }
        return ready;
    }

    /** Whether {@link #terminate()} or {@link #kill()} was called: an exit then is no surprise. */
    boolean stopRequested() {
        return stopRequested;
    }

    /** SIGTERM to the process and its descendants (a JVM then runs its graceful shutdown). */
    void terminate() {
        stopRequested = true;
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    void kill() {
        stopRequested = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The last lines of the log, to show why something failed. */
    List<String> logTail(int lines) {
        try {
            final List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }
}
