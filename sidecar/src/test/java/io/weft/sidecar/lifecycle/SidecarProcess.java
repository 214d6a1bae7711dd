package io.weft.sidecar.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.weft.sidecar.SidecarMain;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * A sidecar in a process of its own ({@link SidecarMain} on this test's class path), service {@code job},
 * every port 0, no Consul, managing a {@link ProbeApp}; its output (and the app's, passed through) goes
 * to {@code sidecar.log}. Closing kills whatever still runs, the app first.
 */
final class SidecarProcess implements AutoCloseable {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String CLASS_PATH = System.getProperty("java.class.path");

    final Process process;
    final Path log;

    private SidecarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts a sidecar bootstrapping from {@code controlPlane} and, after --, {@code ProbeApp probeArgs}. */
    static SidecarProcess start(Path dir, String controlPlane, Path rootCaFile, List<String> probeArgs) {
        final List<String> command = new ArrayList<>(List.of(
                JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", CLASS_PATH, SidecarMain.class.getName(),
                "--service", "job", "--instance-id", "job-1", "--control-plane", controlPlane,
                "--bootstrap-ca-file", rootCaFile.toString(), "--app-port", "1", "--app-protocol", "http",
                "--inbound-port", "0", "--outbound-port", "0", "--admin-port", "0", "--consul-register", "false",
                "--shutdown-grace", "30s", "--reconnect-min-backoff", "50ms", "--reconnect-max-backoff", "200ms",
                "--",
                JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djdk.httpclient.allowRestrictedHeaders=host",
                "-cp", CLASS_PATH, ProbeApp.class.getName()));
        command.addAll(probeArgs);
        final Path log = dir.resolve("sidecar.log");
        final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                                                             .redirectOutput(log.toFile());
        pb.environment().put("WEFT_TOKEN", SidecarExtension.TOKEN);
        try {
            return new SidecarProcess(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the sidecar to exit; its exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("sidecar still running after 90 s; its output:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e + ')';
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
