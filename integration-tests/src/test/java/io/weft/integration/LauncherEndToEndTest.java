package io.weft.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.MediaType;

/**
 * {@code java -jar devmesh.jar up} for real, with the fat jars this build just packaged: every
 * process starts on its own ports, the banner's curl commands answer, {@code status} renders,
 * {@code run} adds a service, and stopping the launcher leaves no process behind.
 */
class LauncherEndToEndTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // up alone may take 4 on a loaded machine; then run
    void upServesTheCurlCommandsAndStoppingItLeavesNothingBehind(@TempDir Path state) throws Exception {
        final List<String> jars = List.of("devmesh/target/devmesh.jar", "control-plane/target/control-plane.jar",
                                          "sidecar/target/sidecar.jar", "services/sum/target/sum.jar",
                                          "services/hello/target/hello.jar");
        assumeTrue(jars.stream().allMatch(j -> Files.isRegularFile(ROOT.resolve(j))),
                   "fat jars not built (run ./mvnw package first)");
        final int port = freePort();
        final List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar",
                ROOT.resolve("devmesh/target/devmesh.jar").toString(), "up", "--detach",
                "--port", String.valueOf(port), "--consul", "standin", "--state-dir", state.toString(),
                "--home", ROOT.toString(), "--timeout", "240s"));
        final Process launcher = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(state.resolve("launcher.log").toFile())
                .start();
        List<Long> children = List.of();
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(
                    () -> !launcher.isAlive() || Files.exists(state.resolve("banner.txt")));
            assertThat(launcher.isAlive()).as(() -> log(state)).isTrue();
            final String banner = Files.readString(state.resolve("banner.txt"));
            assertThat(banner).contains("curl -s localhost:" + port + "/sum/v1/sum/40/2");

            final BlockingWebClient gateway = WebClient.of("http://127.0.0.1:" + port).blocking();
            final JsonNode post = JSON.readTree(gateway.prepare().post("/sum/v1/sum")
                                                       .content(MediaType.JSON_UTF_8, "{\"a\":1,\"b\":2}")
                                                       .execute().contentUtf8());
            assertThat(post.get("sum").asLong()).isEqualTo(3);
            assertThat(JSON.readTree(gateway.get("/hello/sum?a=1&b=2").contentUtf8()).get("sum").asLong())
                    .isEqualTo(3);

            final Process status = new ProcessBuilder(
                    ProcessHandle.current().info().command().orElse("java"), "-jar",
                    ROOT.resolve("devmesh/target/devmesh.jar").toString(), "status", "--state-dir", state.toString())
                    .redirectErrorStream(true).start();
            final String table = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(status.waitFor()).as(table).isZero();
            assertThat(table).contains("sum-1").contains("sum-2").contains("hello-1").contains("passing");

            runAddsAServiceToTheMesh(state, gateway);

            final JsonNode run = JSON.readTree(state.resolve("run.json").toFile());
            children = new ArrayList<>();
            for (JsonNode child : run.get("processes")) {
                children.add(child.get("pid").asLong());
            }
            assertThat(children).hasSizeGreaterThanOrEqualTo(8);
        } finally {
            launcher.destroy(); // SIGTERM, as `./weft down` sends
            launcher.waitFor();
        }
        for (long pid : children) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("child %d still running", pid).isFalse();
        }
        assertThat(state.resolve("run.json")).doesNotExist();
    }

    /**
     * {@code run} (the README's add-a-service walkthrough): an {@code echo} app with its own sidecar joins
     * the running mesh with no flag copied from the banner, is routable through the gateway, and stopping
     * {@code run} stops the app and its sidecar, which deregisters.
     */
    private static void runAddsAServiceToTheMesh(Path state, BlockingWebClient gateway) throws Exception {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final String echoPort = String.valueOf(freePort());
        final Process run = new ProcessBuilder(
                java, "-jar", ROOT.resolve("devmesh/target/devmesh.jar").toString(), "run",
                "--service", "echo", "--protocol", "http", "--port", echoPort,
                "--state-dir", state.toString(), "--home", ROOT.toString(),
                "--", java, "-jar", ROOT.resolve("services/hello/target/hello.jar").toString(),
                "--port", echoPort, "--instance-id", "echo-1")
                .redirectErrorStream(true).redirectOutput(state.resolve("run.log").toFile()).start();
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                   .untilAsserted(() -> assertThat(JSON.readTree(gateway.get("/echo/greet").contentUtf8())
                                                       .get("instance").asText()).isEqualTo("echo-1"));
            final List<ProcessHandle> sidecarAndApp = run.descendants().toList();
            assertThat(sidecarAndApp).as(() -> read(state.resolve("run.log"))).hasSize(2);

            run.destroy(); // SIGTERM, as Ctrl-C would: the app stops, then its sidecar, which deregisters
            assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
            for (ProcessHandle p : sidecarAndApp) {
                assertThat(p.isAlive()).as("run's child %d still running", p.pid()).isFalse();
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(
                    () -> gateway.get("/echo/greet").status().code() != 200);
        } finally {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(unreadable " + file + ')';
        }
    }

    private static String log(Path state) {
        return read(state.resolve("launcher.log"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
