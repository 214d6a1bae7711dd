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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.MediaType;

/**
 * {@code java -jar devmesh.jar up} for real, with the fat jars this build just packaged: every
 * process starts on its own ports, the banner's curl commands answer, {@code status} renders, and
 * stopping the launcher leaves no process behind.
 */
class LauncherEndToEndTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
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

    private static String log(Path state) {
        try {
            return Files.readString(state.resolve("launcher.log"));
        } catch (Exception e) {
            return "(no launcher log)";
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
