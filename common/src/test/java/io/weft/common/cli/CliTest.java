package io.weft.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CliTest {

    enum Policy { ALLOW, DENY }

    @Command(name = "demo", mixinStandardHelpOptions = true)
    static final class Demo implements Callable<Integer> {
        @Option(names = "--leaf-ttl", defaultValue = "24h", description = "lifetime of leaves")
        Duration leafTtl;
        @Option(names = "--port", defaultValue = "8080", description = "listen port")
        int port;
        @Option(names = "--default-intention", defaultValue = "allow", description = "allow or deny")
        Policy policy;
        @Option(names = "--token", description = "secret")
        String token;

        @Override
        public Integer call() {
            if (port == 0) {
                throw new IllegalArgumentException("port: 0 (expected: 1-65535)");
            }
            return 0;
        }
    }

    @Test
    void defaultsApplyWhenNeitherFlagNorEnvironmentGivesAValue() {
        final Demo demo = Cli.parse(new Demo(), List.of(), Map.of());
        assertThat(demo.leafTtl).isEqualTo(Duration.ofHours(24));
        assertThat(demo.port).isEqualTo(8080);
        assertThat(demo.policy).isEqualTo(Policy.ALLOW);
        assertThat(demo.token).isNull();
    }

    @Test
    void environmentOverridesTheDefaultAndAFlagOverridesTheEnvironment() {
        final Map<String, String> env = Map.of("WEFT_LEAF_TTL", "7d", "WEFT_PORT", "9000",
                                               "WEFT_DEFAULT_INTENTION", "DENY", "WEFT_TOKEN", "s3cret");
        final Demo fromEnv = Cli.parse(new Demo(), List.of(), env);
        assertThat(fromEnv.leafTtl).isEqualTo(Duration.ofDays(7));
        assertThat(fromEnv.port).isEqualTo(9000);
        assertThat(fromEnv.policy).isEqualTo(Policy.DENY);
        assertThat(fromEnv.token).isEqualTo("s3cret");

        final Demo fromFlag = Cli.parse(new Demo(), List.of("--port=9100", "--leaf-ttl", "PT1H"), env);
        assertThat(fromFlag.port).isEqualTo(9100);
        assertThat(fromFlag.leafTtl).isEqualTo(Duration.ofHours(1));

        final Demo emptyIsUnset = Cli.parse(new Demo(), List.of(), Map.of("WEFT_PORT", "", "WEFT_TOKEN", ""));
        assertThat(emptyIsUnset.port).isEqualTo(8080);
        assertThat(emptyIsUnset.token).isNull();

        final Demo repeated = Cli.parse(new Demo(), List.of("--port", "1", "--port", "2"), env);
        assertThat(repeated.port).as("the last of a repeated flag wins").isEqualTo(2);
    }

    @Test
    void aBadValueNamesTheOptionTheValueAndWhatWasExpected() {
        assertThatThrownBy(() -> Cli.parse(new Demo(), List.of("--leaf-ttl", "7x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--leaf-ttl").hasMessageContaining("7x")
                .hasMessageContaining(Durations.EXPECTED);
        assertThatThrownBy(() -> Cli.parse(new Demo(), List.of(), Map.of("WEFT_PORT", "eighty")))
                .hasMessageContaining("--port").hasMessageContaining("eighty");
        assertThatThrownBy(() -> Cli.parse(new Demo(), List.of("--prot", "1"), Map.of()))
                .hasMessageContaining("--prot");
    }

    @Test
    void runReportsMistakesWithExitCodeTwoAndOneErrorLine() {
        final StringWriter err = new StringWriter();
        final CommandLine cl = Cli.commandLine(new Demo(), Map.of());
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("--port", "0")).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err.toString()).startsWith("error: port: 0 (expected: 1-65535)");
        assertThat(cl.execute("--default-intention", "maybe")).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err.toString()).contains("--default-intention").contains("maybe");
        assertThat(Cli.commandLine(new Demo(), Map.of()).execute()).isZero();
    }

    @Test
    void helpShowsEachOptionsEnvironmentVariableAndDefault() {
        final String usage = Cli.usage(new Demo(), Map.of());
        assertThat(usage).contains("--leaf-ttl").contains("env WEFT_LEAF_TTL, default: 24h")
                         .contains("env WEFT_TOKEN").contains("env WEFT_PORT, default: 8080");
    }

    @Test
    void durationsAcceptTheShortFormsAndIso8601AndFormatBack() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT0.2S")).isEqualTo(Duration.ofMillis(200));
        assertThat(Durations.parse("pt15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(Durations.format(Duration.ofSeconds(15))).isEqualTo("15s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("'soon'");
    }
}
