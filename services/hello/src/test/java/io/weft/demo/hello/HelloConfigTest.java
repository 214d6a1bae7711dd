package io.weft.demo.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weft.demo.sum.launch.CommandLine;

class HelloConfigTest {

    private static HelloConfig parse(Map<String, String> env, String... args) {
        return HelloConfig.from(CommandLine.parse(HelloConfig.command(env), List.of(args), env));
    }

    @Test
    void defaults() {
        assertThat(parse(Map.of("HOSTNAME", "box-2"))).isEqualTo(new HelloConfig(
                "127.0.0.1", 8081, "box-2", URI.create("http://127.0.0.1:15001"), "sum",
                Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    @Test
    void flagsWinOverEnv() {
        final Map<String, String> env = Map.of("HELLO_UPSTREAM", "http://10.0.0.1:1", "HELLO_PORT", "9000",
                                               "HELLO_UPSTREAM_AUTHORITY", "sum.weft");
        final HelloConfig config = parse(env, "--upstream", "http://127.0.0.1:50051", "--instance-id", "hello-1",
                                         "--upstream-timeout=250ms", "--bind", "0.0.0.0");
        assertThat(config).isEqualTo(new HelloConfig(
                "0.0.0.0", 9000, "hello-1", URI.create("http://127.0.0.1:50051"), "sum.weft",
                Duration.ofMillis(250), Duration.ofSeconds(10)));
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> parse(Map.of(), "--upstream", "127.0.0.1:15001"))
                .hasMessage("--upstream: 127.0.0.1:15001 (expected: a URI such as http://127.0.0.1:15001)");
        assertThatThrownBy(() -> parse(Map.of(), "--upstream", "http://127.0.0.1:15001/sum"))
                .hasMessage("--upstream: http://127.0.0.1:15001/sum " +
                            "(expected: http://<host>[:<port>] with nothing after the port)");
        assertThatThrownBy(() -> parse(Map.of("HELLO_UPSTREAM_AUTHORITY", "a b")))
                .hasMessage("--upstream-authority: a b (expected: host or host:port, e.g. sum)");
        assertThatThrownBy(() -> parse(Map.of(), "--upstream-timeout", "never"))
                .hasMessageStartingWith("--upstream-timeout: never (expected: a duration");
        assertThatThrownBy(() -> parse(Map.of(), "--port", "http"))
                .hasMessage("--port: http (expected: an integer in 0..65535)");
    }

    @Test
    void theRecordValidatesToo() {
        assertThatThrownBy(() -> new HelloConfig("127.0.0.1", 1, "h", URI.create("http://x:1"), "sum",
                                                 Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("upstreamTimeout: PT0S (expected: > 0)");
    }

    @Test
    void helpNamesEveryOption() {
        assertThat(HelloConfig.command(Map.of("HOSTNAME", "box-2")).usage())
                .contains("--port <port>", "HELLO_PORT", "(default: 8081)")
                .contains("--bind <address>", "HELLO_BIND", "(default: 127.0.0.1)")
                .contains("--instance-id <id>", "HELLO_INSTANCE_ID", "(default: box-2)")
                .contains("--upstream <uri>", "HELLO_UPSTREAM", "(default: http://127.0.0.1:15001)")
                .contains("--upstream-authority <authority>", "HELLO_UPSTREAM_AUTHORITY", "(default: sum)")
                .contains("--upstream-timeout <duration>", "HELLO_UPSTREAM_TIMEOUT", "(default: 5s)")
                .contains("--shutdown-grace <duration>", "HELLO_SHUTDOWN_GRACE", "(default: 10s)")
                .contains("-h, --help");
    }
}
