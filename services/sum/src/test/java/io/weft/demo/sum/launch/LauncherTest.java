package io.weft.demo.sum.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weft.demo.sum.launch.Launcher.Parsed;

class LauncherTest {

    private static final Command COMMAND = new Command("demo", "A demo.", List.of(
            new Option("port", "port", "DEMO_PORT", "8080", "port to listen on")));

    private static Parsed<Integer> parse(String... args) {
        return Launcher.parse(COMMAND, args, Map.of(), c -> Values.port("--port", c.get("port")));
    }

    @Test
    void aGoodCommandLineGivesTheConfig() {
        final Parsed<Integer> parsed = parse("--port", "9");
        assertThat(parsed.config()).isEqualTo(9);
        assertThat(parsed.output()).isNull();
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        final Parsed<Integer> parsed = parse("--help");
        assertThat(parsed.config()).isNull();
        assertThat(parsed.output()).isEqualTo(COMMAND.usage());
        assertThat(parsed.exitStatus()).isZero();
    }

    @Test
    void helpWinsOverABadValue() {
        assertThat(parse("--port", "x", "--help").exitStatus()).isZero();
    }

    @Test
    void aBadValueIsExplainedAndExitsTwo() {
        final Parsed<Integer> parsed = parse("--port", "x");
        assertThat(parsed.config()).isNull();
        assertThat(parsed.output()).isEqualTo("demo: --port: x (expected: an integer in 0..65535)\n" +
                                              "Run with --help to see every option.\n");
        assertThat(parsed.exitStatus()).isEqualTo(2);
    }
}
