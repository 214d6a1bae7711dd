package io.weft.demo.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weft.common.cli.Cli;
import io.weft.common.cli.Durations;

/** {@code hello}'s command line: defaults, flag over env over default, and errors that name the flag. */
class HelloOptionsTest {

    private static HelloConfig parse(Map<String, String> env, String... args) {
        return Cli.parse(new HelloOptions(env), List.of(args), env).config();
    }

    @Test
    void defaults() {
        final HelloConfig config = parse(Map.of("HOSTNAME", "box-2"));
        assertThat(config).isEqualTo(new HelloConfig(
                "127.0.0.1", 8081, "box-2", URI.create("http://127.0.0.1:15001"), "sum",
                Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThat(HelloConfig.of(8081, "box-2", config.upstream())).isEqualTo(config);
    }

    @Test
    void flagsWinOverEnv() {
        final Map<String, String> env = Map.of("WEFT_UPSTREAM", "http://10.0.0.1:1", "WEFT_PORT", "9000",
                                               "WEFT_UPSTREAM_AUTHORITY", "sum.weft");
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
        assertThatThrownBy(() -> parse(Map.of("WEFT_UPSTREAM_AUTHORITY", "a b")))
                .hasMessage("--upstream-authority: a b (expected: host or host:port, e.g. sum)");
        assertThatThrownBy(() -> parse(Map.of(), "--upstream-timeout", "never"))
                .hasMessageContaining("--upstream-timeout").hasMessageContaining("'never'")
                .hasMessageContaining(Durations.EXPECTED);
        assertThatThrownBy(() -> parse(Map.of(), "--upstream-timeout", "0ms"))
                .hasMessage("--upstream-timeout: 0s (expected: > 0)");
        assertThatThrownBy(() -> parse(Map.of(), "--port", "http"))
                .hasMessageContaining("--port").hasMessageContaining("'http'").hasMessageContaining("not an int");
        assertThatThrownBy(() -> parse(Map.of(), "--port", "65536"))
                .hasMessage("--port: 65536 (expected: an integer in 0..65535)");
    }

    @Test
    void theRecordValidatesToo() {
        assertThatThrownBy(() -> new HelloConfig("127.0.0.1", 1, "h", URI.create("http://x:1"), "sum",
                                                 Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("upstreamTimeout: 0s (expected: > 0)");
    }

    @Test
    void helpNamesEveryOptionWithItsEnvironmentVariableAndDefault() {
        assertThat(Cli.usage(new HelloOptions(Map.of()), Map.of()))
                .startsWith("Usage: java -jar hello.jar [OPTIONS]")
                .contains("--port=<port>", "env WEFT_PORT, default: 8081")
                .contains("--bind=<address>", "env WEFT_BIND, default: 127.0.0.1")
                .contains("--instance-id=<id>", "$HOSTNAME, else this machine's host name", "env WEFT_INSTANCE_ID")
                .contains("--upstream=<uri>", "env WEFT_UPSTREAM, default: http://127.0.0.1:15001")
                .contains("--upstream-authority=<authority>", "env WEFT_UPSTREAM_AUTHORITY, default: sum")
                .contains("--upstream-timeout=<duration>", "env WEFT_UPSTREAM_TIMEOUT, default: 5s")
                .contains("--shutdown-grace=<duration>", "env WEFT_SHUTDOWN_GRACE, default: 10s")
                .contains("-h, --help");
    }
}
