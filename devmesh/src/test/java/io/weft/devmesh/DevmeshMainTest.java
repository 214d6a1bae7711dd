package io.weft.devmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.WebClient;

import io.weft.devmesh.consul.ConsulStandIn;

class DevmeshMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DevmeshMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                               new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("consul", "agent", "Usage: java -jar devmesh.jar");
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void commandHelpPrintsItsOptions() {
        assertThat(run("consul", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port PORT", "--bind ADDR");
        assertThat(run("help", "agent")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("-client ADDR", "-http-port PORT");
    }

    @Test
    void badCommandLinesExitWithTwoAndSayWhy() {
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command: bogus");
        assertThat(run("consul", "--port", "eighty")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port: eighty (expected: a port number 0..65535)");
        assertThat(run("consul", "--port", "99999")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("port: 99999 (expected: 0..65535)");
        assertThat(run("agent", "-dev", "-segment", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("flag provided but not supported by the stand-in: -segment");
        assertThat(run("consul", "--port")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port: missing value");
    }

    @Test
    void consulsOwnDevAgentCommandLineConfiguresTheStandIn() throws Exception {
        final ConsulCommand agent = ConsulCommand.agentSyntax();
        try (ConsulStandIn standIn = agent.builder(List.of("-dev", "-client=127.0.0.1", "-http-port", "0",
                                                           "-node", "box", "-datacenter", "eu1", "-ui",
                                                           "-log-level", "debug", "-bind", "10.1.2.3")).start()) {
            final String self = WebClient.of(standIn.uri()).get("/v1/agent/self").aggregate().join().contentUtf8();
            assertThat(self).contains("\"NodeName\":\"box\"", "\"Datacenter\":\"eu1\"", "\"Addr\":\"10.1.2.3\"");
        }
    }

    @Test
    void weftCommandLineConfiguresTheStandIn() throws Exception {
        try (ConsulStandIn standIn = ConsulCommand.weftSyntax()
                                                  .builder(List.of("--port", "0", "--bind", "127.0.0.1",
                                                                   "--node", "n2"))
                                                  .start()) {
            assertThat(standIn.uri().toString()).startsWith("http://127.0.0.1:");
            assertThat(standIn.catalog().node().name()).isEqualTo("n2");
        }
        assertThatThrownBy(() -> ConsulCommand.weftSyntax().builder(List.of("stray")))
                .isInstanceOf(DevmeshCommand.UsageException.class)
                .hasMessage("unexpected argument: stray");
    }
}
