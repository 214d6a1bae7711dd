package io.weft.devmesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s mistakes, each named before anything starts (LauncherEndToEndTest runs it for real). */
class RunCommandTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    @TempDir
    Path state;

    private int run(String... args) {
        return DevmeshMain.run(List.of(args), Map.of(), new PrintStream(new ByteArrayOutputStream(), true,
                                                                       StandardCharsets.UTF_8),
                               new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void namesAMissingOptionOrAppCommand() {
        assertThat(run("run", "--port", "18081", "--state-dir", state.toString(), "--", "true")).isEqualTo(2);
        assertThat(err()).contains("--service: unset (expected: the service name");
        assertThat(run("run", "--service", "echo", "--state-dir", state.toString(), "--", "true")).isEqualTo(2);
        assertThat(err()).contains("--port: 0 (expected: the app's port, 1..65535)");
        assertThat(run("run", "--service", "echo", "--port", "18081", "--protocol", "tcp", "--", "true"))
                .isEqualTo(2);
        assertThat(err()).contains("--protocol: tcp (expected: grpc or http)");
        assertThat(run("run", "--service", "echo", "--port", "18081", "--state-dir", state.toString())).isEqualTo(2);
        assertThat(err()).contains("app command: none (expected: -- and the command that starts the app)");
    }

    @Test
    void needsARunningReadyMesh() throws Exception {
        assertThat(run("run", "--service", "echo", "--port", "18081", "--state-dir", state.toString(), "--", "true"))
                .isEqualTo(2);
        assertThat(err()).contains("--state-dir: no mesh running from " + state.toAbsolutePath().normalize()
                                   + " (expected: `./weft up -d` first)");

        Files.writeString(state.resolve("run.json"), "{\"launcherPid\": " + ProcessHandle.current().pid()
                + ", \"consulKind\": \"STAND_IN\", \"consul\": \"http://127.0.0.1:1\", \"controlPlane\": "
                + "\"http://127.0.0.1:2\", \"gateway\": \"http://127.0.0.1:3\", \"ready\": false, \"processes\": [], "
                + "\"controlPlaneStream\": \"127.0.0.1:4\"}");
        assertThat(run("run", "--service", "echo", "--port", "18081", "--state-dir", state.toString(), "--", "true"))
                .isEqualTo(2);
        assertThat(err()).contains("is still starting (expected: its banner first)");
    }
}
