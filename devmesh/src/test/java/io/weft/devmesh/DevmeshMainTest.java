package io.weft.devmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.WebClient;

import io.weft.common.cli.Cli;
import io.weft.devmesh.consul.ConsulStandIn;

class DevmeshMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DevmeshMain.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                               new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("consul", "agent", "up", "down", "status", "register",
                                   "Usage: java -jar devmesh.jar");
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void commandHelpPrintsItsOptions() {
        assertThat(run("consul", "--help")).isZero();
        assertThat(out()).contains("--port=PORT", "--bind=ADDR", "env WEFT_PORT, default: 8500");
        assertThat(run("help", "agent")).isZero();
        assertThat(out()).contains("-client=ADDR", "-http-port=PORT");
        assertThat(run("agent", "-help")).isZero();
        assertThat(run("up", "--help")).isZero();
        assertThat(out()).contains("--leaf-ttl=DURATION", "--timeout=DURATION", "env WEFT_TIMEOUT, default: 180s",
                                   "--state-dir=DIR", "env WEFT_JAVA_OPTS");
    }

    @Test
    void badCommandLinesExitWithTwoAndSayWhy() {
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err()).contains("unknown command: bogus (expected: one of consul, agent, up");
        assertThat(run("consul", "--port", "eighty")).isEqualTo(2);
        assertThat(err()).contains("'--port'").contains("'eighty'").contains("is not an int");
        assertThat(run("consul", "--port", "99999")).isEqualTo(2);
        assertThat(err()).contains("--port: 99999 (expected: 0..65535");
        assertThat(run("agent", "-dev", "-segment", "x")).isEqualTo(2);
        assertThat(err()).contains("flag provided but not supported by the stand-in: -segment");
        assertThat(run("consul", "--port")).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter for option '--port'");
        assertThat(run("up", "--leaf-ttl", "7x")).isEqualTo(2);
        assertThat(err()).contains("'--leaf-ttl'").contains("'7x'").contains("expected: a duration");
        assertThat(run("register")).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter: 'FILE.json'");
        assertThat(run("register", "/no/such/file.json")).isEqualTo(2);
        assertThat(err()).contains("FILE.json: /no/such/file.json does not exist (expected: a Consul service "
                                   + "definition JSON file)");
    }

    @Test
    void launcherCommandsWriteToTheTerminalOfTheTopCommand() {
        assertThat(run("status", "--control-plane", "http://127.0.0.1:1")).isEqualTo(1);
        assertThat(out()).contains("status: the control plane at http://127.0.0.1:1 is not reachable");
    }

    @Test
    void consulsOwnDevAgentCommandLineConfiguresTheStandIn() throws Exception {
        final AgentCommand agent = Cli.parse(new AgentCommand(), List.of(
                "-dev", "-client=127.0.0.1", "-http-port", "0", "-node", "box", "-datacenter", "eu1", "-ui",
                "-log-level", "debug", "-bind", "10.1.2.3", "-dns-port", "-1", "--data-dir=/tmp/x"), Map.of());
        try (ConsulStandIn standIn = agent.builder().start()) {
            final String self = WebClient.of(standIn.uri()).get("/v1/agent/self").aggregate().join().contentUtf8();
            assertThat(self).contains("\"NodeName\":\"box\"", "\"Datacenter\":\"eu1\"", "\"Addr\":\"10.1.2.3\"");
        }
    }

    @Test
    void weftCommandLineConfiguresTheStandIn() throws Exception {
        final ConsulCommand consul = Cli.parse(new ConsulCommand(), List.of("--port", "0", "--bind", "127.0.0.1",
                                                                            "--node", "n2"), Map.of());
        try (ConsulStandIn standIn = consul.builder().start()) {
            assertThat(standIn.uri().toString()).startsWith("http://127.0.0.1:");
            assertThat(standIn.catalog().node().name()).isEqualTo("n2");
        }
        assertThatThrownBy(() -> Cli.parse(new ConsulCommand(), List.of("stray"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stray");
    }

    @Test
    void theEnvironmentSetsWhatTheCommandLineLeavesOut() {
        final ConsulCommand consul = Cli.parse(new ConsulCommand(), List.of("--node", "n3"),
                                               Map.of("WEFT_NODE", "ignored", "WEFT_DATACENTER", "eu2"));
        assertThat(consul.node).isEqualTo("n3");
        assertThat(consul.datacenter).isEqualTo("eu2");
        assertThat(consul.port).isEqualTo(8500);
    }
}
