package io.weft.demo.sum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weft.common.cli.Cli;
import io.weft.common.cli.Durations;

import picocli.CommandLine;

/** {@code sum}'s command line: defaults, flag over env over default, help, and errors that name the flag. */
class SumOptionsTest {

    private static SumConfig parse(Map<String, String> env, String... args) {
        return Cli.parse(new SumOptions(env), List.of(args), env).config();
    }

    @Test
    void defaults() {
        final SumConfig config = parse(Map.of("HOSTNAME", "box-1"));
        assertThat(config).isEqualTo(new SumConfig("127.0.0.1", 50051, "box-1", Duration.ofSeconds(10)));
        assertThat(SumConfig.of(0, "box-1").shutdownGrace()).isEqualTo(config.shutdownGrace());
    }

    @Test
    void flagsWinOverEnvWhichWinsOverDefaults() {
        final Map<String, String> env = Map.of("WEFT_PORT", "6000", "WEFT_INSTANCE_ID", "sum-env",
                                               "WEFT_BIND", "0.0.0.0");
        assertThat(parse(env, "--port", "7000", "--shutdown-grace", "500ms"))
                .isEqualTo(new SumConfig("0.0.0.0", 7000, "sum-env", Duration.ofMillis(500)));
        assertThat(parse(env).port()).isEqualTo(6000);
        assertThat(parse(env, "--port=9002").port()).isEqualTo(9002);
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> parse(Map.of(), "--port", "-1"))
                .hasMessage("--port: -1 (expected: an integer in 0..65535)");
        assertThatThrownBy(() -> parse(Map.of(), "--port", "http"))
                .hasMessageContaining("--port").hasMessageContaining("'http'").hasMessageContaining("not an int");
        assertThatThrownBy(() -> parse(Map.of(), "--instance-id", "a b"))
                .hasMessageStartingWith("--instance-id: a b (expected: ");
        assertThatThrownBy(() -> parse(Map.of(), "--bind="))
                .hasMessageStartingWith("--bind: (empty) (expected: a host name or IP address");
        assertThatThrownBy(() -> parse(Map.of("WEFT_SHUTDOWN_GRACE", "0s")))
                .hasMessage("--shutdown-grace: 0s (expected: > 0)");
        assertThatThrownBy(() -> parse(Map.of(), "--shutdown-grace", "soon"))
                .hasMessageContaining("--shutdown-grace").hasMessageContaining("'soon'")
                .hasMessageContaining(Durations.EXPECTED);
    }

    @Test
    void commandLineMistakesNameTheFlagOrArgument() {
        assertThatThrownBy(() -> parse(Map.of(), "--prot", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown option").hasMessageContaining("'--prot'");
        assertThatThrownBy(() -> parse(Map.of(), "--port"))
                .hasMessage("Missing required parameter for option '--port' (<port>)");
        assertThatThrownBy(() -> parse(Map.of(), "--port", "--bind", "x"))
                .hasMessage("Expected parameter for option '--port' but found '--bind'");
        assertThatThrownBy(() -> parse(Map.of(), "8080"))
                .hasMessage("Unmatched argument at index 0: '8080'");
    }

    @Test
    void theRecordValidatesToo() {
        assertThatThrownBy(() -> new SumConfig("127.0.0.1", 70000, "x", Duration.ofSeconds(1)))
                .hasMessage("port: 70000 (expected: an integer in 0..65535)");
        assertThatThrownBy(() -> new SumConfig("127.0.0.1", 1, "x", Duration.ZERO))
                .hasMessage("shutdownGrace: 0s (expected: > 0)");
    }

    @Test
    void helpExitsZeroAndAMistakeExitsTwoWithOneErrorLine() {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertThat(execute(out, err, "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: java -jar sum.jar [OPTIONS]");
        assertThat(execute(out, err, "-h")).isZero();

        assertThat(execute(out, err, "--port", "70000")).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err.toString()).isEqualTo("error: --port: 70000 (expected: an integer in 0..65535)\n");
        err.getBuffer().setLength(0);
        assertThat(execute(out, err, "--port", "x")).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err.toString()).startsWith("error: Invalid value for option '--port': 'x'");
    }

    @Test
    void helpNamesEveryOptionWithItsEnvironmentVariableAndDefault() {
        assertThat(Cli.usage(new SumOptions(Map.of()), Map.of()))
                .contains("--port=<port>", "env WEFT_PORT, default: 50051")
                .contains("--bind=<address>", "env WEFT_BIND, default: 127.0.0.1")
                .contains("--instance-id=<id>", "$HOSTNAME, else this machine's host name", "env WEFT_INSTANCE_ID")
                .contains("--shutdown-grace=<duration>", "env WEFT_SHUTDOWN_GRACE, default: 10s")
                .contains("-h, --help");
    }

    private static int execute(StringWriter out, StringWriter err, String... args) {
        final CommandLine commandLine = Cli.commandLine(new SumOptions(Map.of()), Map.of());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
