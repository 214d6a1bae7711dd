package io.weft.devmesh.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import io.weft.common.annotation.Nullable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What a running {@code ./weft up} left in {@code .weft/run.json}: its own pid, every child's pid and
 * log, and the addresses {@code status}, {@code register} and {@code down} need.
 *
 * @param ready true once everything answered its readiness probe
 * @param controlPlaneStream the control plane's stream address host:port, which {@code run} hands its
 *                           sidecar; null in a run.json from before it was written
 */
public record RunState(long launcherPid, String consulKind, URI consul, URI controlPlane, URI gateway,
                       boolean ready, List<Child> processes, @Nullable String controlPlaneStream) {

    /** One started process. */
    public record Child(String name, long pid, String log) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunState {
        processes = List.copyOf(processes);
    }

    static Path file(Path stateDir) {
        return stateDir.resolve("run.json");
    }

    /** Writes atomically, so a reader never sees half a file. */
    void write(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            final Path tmp = stateDir.resolve("run.json.tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file(stateDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file(stateDir) + ": " + e.getMessage(), e);
        }
    }

    static Optional<RunState> read(Path stateDir) {
        final Path file = file(stateDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), RunState.class));
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not readable (" + e.getMessage()
                                           + "); remove it after checking nothing from it still runs", e);
        }
    }

    static void delete(Path stateDir) {
        try {
            Files.deleteIfExists(file(stateDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the launcher that wrote this still runs. */
    boolean launcherAlive() {
        return ProcessHandle.of(launcherPid).map(ProcessHandle::isAlive).orElse(false);
    }
}
