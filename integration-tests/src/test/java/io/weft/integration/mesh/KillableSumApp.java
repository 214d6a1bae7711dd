package io.weft.integration.mesh;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.weft.common.annotation.Nullable;
import io.weft.demo.sum.SumMain;

/**
 * The demo {@code sum} app as a process of its own, on a fixed loopback port, that a test can kill with
 * SIGKILL and start again on the same port — what the chaos soak's {@code kill-app} does ({@code kill -9},
 * then the same command line again): the kernel closes the app's connections under its sidecar, and the
 * port refuses connections until the new JVM listens. Started with the test's own class path and the
 * soak's app JVM options.
 */
public final class KillableSumApp implements AutoCloseable {

    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final String instanceId;
    private final Path log;
    @Nullable
    private Process process;

    private KillableSumApp(int port, String instanceId) throws IOException {
        this.port = port;
        this.instanceId = instanceId;
        log = Files.createTempFile("weft-" + instanceId + '-', ".log");
    }

    /** Starts the app on a free loopback port and returns once it listens. */
    public static KillableSumApp start(String instanceId) throws IOException {
        final KillableSumApp app = new KillableSumApp(InProcessMesh.freePort(), instanceId);
        app.startProcess();
        return app;
    }

    public int port() {
        return port;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs, no GOAWAY is sent; returns once the process is gone. */
    public synchronized void kill() throws InterruptedException {
        final Process p = process;
        process = null;
        if (p != null) {
            p.destroyForcibly();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(instanceId + " (pid " + p.pid() + ") still runs 30 s after SIGKILL");
            }
        }
    }

    /** Starts the same command again, on the same port; returns once it listens. */
    public synchronized void restart() throws IOException {
        if (process != null) {
            throw new IllegalStateException(instanceId + " is running (expected: kill() first)");
        }
        startProcess();
    }

    private synchronized void startProcess() throws IOException {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                                             "-cp", System.getProperty("java.class.path"), SumMain.class.getName(),
                                             "--port", Integer.toString(port), "--instance-id", instanceId);
        final Process p = new ProcessBuilder(command).redirectErrorStream(true)
                                                     .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                                                     .start();
        process = p;
        await(instanceId + " listening on " + port + " (log: " + log + ')')
                .atMost(LISTEN_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException(instanceId + " exited with " + p.exitValue() +
                                                        "; its output: " + Files.readString(log));
                    }
                    return listening(port);
                });
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            kill();
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
