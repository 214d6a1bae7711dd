package io.weft.demo.sum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weft.demo.sum.launch.CommandLine;

class SumConfigTest {

    private static SumConfig parse(Map<String, String> env, String... args) {
        return SumConfig.from(CommandLine.parse(SumConfig.command(env), List.of(args), env));
    }

    @Test
    void defaults() {
        final SumConfig config = parse(Map.of("HOSTNAME", "box-1"));
        assertThat(config).isEqualTo(new SumConfig("127.0.0.1", 50051, "box-1", Duration.ofSeconds(10)));
    }

    @Test
    void flagsAndEnv() {
        final Map<String, String> env = Map.of("SUM_PORT", "6000", "SUM_INSTANCE_ID", "sum-env",
                                               "SUM_BIND", "0.0.0.0");
        final SumConfig config = parse(env, "--port", "7000", "--shutdown-grace", "500ms");
        assertThat(config).isEqualTo(new SumConfig("0.0.0.0", 7000, "sum-env", Duration.ofMillis(500)));
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> parse(Map.of(), "--port", "-1"))
                .hasMessage("--port: -1 (expected: an integer in 0..65535)");
        assertThatThrownBy(() -> parse(Map.of(), "--instance-id", "a b"))
                .hasMessageStartingWith("--instance-id: a b (expected: ");
        assertThatThrownBy(() -> parse(Map.of("SUM_SHUTDOWN_GRACE", "0s")))
                .hasMessage("--shutdown-grace: 0s (expected: > 0)");
    }

    @Test
    void theRecordValidatesToo() {
        assertThatThrownBy(() -> new SumConfig("127.0.0.1", 70000, "x", Duration.ofSeconds(1)))
                .hasMessage("port: 70000 (expected: an integer in 0..65535)");
        assertThatThrownBy(() -> new SumConfig("127.0.0.1", 1, "x", Duration.ZERO))
                .hasMessage("shutdownGrace: PT0S (expected: > 0)");
    }

    @Test
    void helpNamesEveryOption() {
        assertThat(SumConfig.command(Map.of("HOSTNAME", "box-1")).usage())
                .contains("--port <port>", "SUM_PORT", "(default: 50051)")
                .contains("--bind <address>", "SUM_BIND", "(default: 127.0.0.1)")
                .contains("--instance-id <id>", "SUM_INSTANCE_ID", "(default: box-1)")
                .contains("--shutdown-grace <duration>", "SUM_SHUTDOWN_GRACE", "(default: 10s)");
    }
}
