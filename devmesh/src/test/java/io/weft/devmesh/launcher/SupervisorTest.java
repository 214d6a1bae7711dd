package io.weft.devmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

class SupervisorTest {

    @TempDir
    Path logs;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<List<ManagedProcess>> recorded = new ArrayList<>();
    private Supervisor supervisor;
    private HttpServer http;

    private Supervisor supervisor() {
        supervisor = new Supervisor(logs, Duration.ofSeconds(10), Clock.systemUTC(),
                                    new PrintStream(output, true, StandardCharsets.UTF_8), recorded::add);
        return supervisor;
    }

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.close();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    static List<String> java(String... args) {
        final List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Dweft.launcher=test",
                "-cp", System.getProperty("java.class.path"), SleepForever.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void startsWaitsForReadinessAndStopsEverything() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/readyz", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http.start();
        final URI ready = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/readyz");
        final Supervisor s = supervisor();
        final ManagedProcess infra = s.start(new ProcessSpec(0, "infra", java("infra"), Map.of(),
                                                             Optional.of(Probe.ok(ready)), List.of()));
        final ManagedProcess app = s.start(new ProcessSpec(2, "app", java("app"), Map.of("X", "1"),
                                                           Optional.empty(), List.of()));
        s.awaitReady(List.of(infra, app), Instant.now().plusSeconds(30));
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(1)).extracting(ManagedProcess::name).containsExactly("infra", "app");

        s.close();
        assertThat(infra.isAlive()).isFalse();
        assertThat(app.isAlive()).isFalse();
        assertThat(output.toString(StandardCharsets.UTF_8)).doesNotContain("exited with code");
    }

    @Test
    void stoppingOneProcessForgetsItWithoutReportingItsExit() throws Exception {
        final Supervisor s = supervisor();
        final ManagedProcess kept = s.start(new ProcessSpec(2, "kept", java(), Map.of(), Optional.empty(), List.of()));
        final ManagedProcess done = s.start(new ProcessSpec(2, "done", java(), Map.of(), Optional.empty(), List.of()));
        s.stop(done);
        assertThat(done.isAlive()).isFalse();
        assertThat(kept.isAlive()).isTrue();
        assertThat(s.processes()).containsExactly(kept);
        assertThat(recorded.get(recorded.size() - 1)).containsExactly(kept); // run.json no longer lists it
        done.process().onExit().join();
        assertThat(output.toString(StandardCharsets.UTF_8)).doesNotContain("exited with code");
    }

    @Test
    void aProcessThatDiesBeforeReadyIsReportedWithItsLog() {
        final Supervisor s = supervisor();
        final ManagedProcess broken = s.start(new ProcessSpec(
                2, "broken", List.of(ProcessHandle.current().info().command().orElse("java"), "-no-such-flag"),
                Map.of(), Optional.of(Probe.ok(URI.create("http://127.0.0.1:1/readyz"))), List.of()));
        assertThatThrownBy(() -> s.awaitReady(List.of(broken), Instant.now().plusSeconds(30)))
                .isInstanceOf(Supervisor.StartupFailure.class)
                .hasMessageContaining("broken exited with code")
                .hasMessageContaining("-no-such-flag")
                .hasMessageContaining(logs.resolve("broken.log").toString());
    }

    @Test
    void aProcessThatIsNeverReadyTimesOutNamingItsProbe() {
        final Supervisor s = supervisor();
        final ManagedProcess stuck = s.start(new ProcessSpec(
                2, "stuck", java(), Map.of(), Optional.of(Probe.ok(URI.create("http://127.0.0.1:1/readyz"))),
                List.of()));
        assertThatThrownBy(() -> s.awaitReady(List.of(stuck), Instant.now()))
                .hasMessageContaining("not ready in time")
                .hasMessageContaining("stuck: waiting for GET http://127.0.0.1:1/readyz → 200");
    }

    @Test
    void downStopsChildrenALauncherLeftBehind(@TempDir Path state) throws Exception {
        final List<String> command = new ArrayList<>(java());
        command.set(1, "-Dweft.launcher=" + state);
        final Process orphan = new ProcessBuilder(command).start();
        try {
            new RunState(Long.MAX_VALUE, "STAND_IN", URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
                         URI.create("http://127.0.0.1:3"), true,
                         List.of(new RunState.Child("orphan", orphan.pid(), "orphan.log")), null).write(state);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(DownCommand.run(state, new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
            assertThat(orphan.isAlive()).isFalse();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("stopped 1 process(es)");
            assertThat(RunState.read(state)).isEmpty();
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void downLeavesStrangersAlone(@TempDir Path state) throws Exception {
        final Process stranger = new ProcessBuilder(java()).start(); // marker "test", not this state dir
        try {
            new RunState(Long.MAX_VALUE, "STAND_IN", URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
                         URI.create("http://127.0.0.1:3"), true,
                         List.of(new RunState.Child("reused-pid", stranger.pid(), "x.log")), null).write(state);
            DownCommand.run(state, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }
}
