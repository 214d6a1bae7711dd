package io.weft.demo.sum.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static final Command COMMAND = new Command("demo", "A demo.", List.of(
            new Option("port", "port", "DEMO_PORT", "8080", "port to listen on"),
            new Option("name", "text", "DEMO_NAME", "", "a name")));

    private static CommandLine parse(Map<String, String> env, String... args) {
        return CommandLine.parse(COMMAND, List.of(args), env);
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        final CommandLine commandLine = parse(Map.of());
        assertThat(commandLine.get("port")).isEqualTo("8080");
        assertThat(commandLine.get("name")).isEmpty();
        assertThat(commandLine.helpRequested()).isFalse();
    }

    @Test
    void envWinsOverDefaultAndFlagWinsOverEnv() {
        assertThat(parse(Map.of("DEMO_PORT", "9000")).get("port")).isEqualTo("9000");
        assertThat(parse(Map.of("DEMO_PORT", "9000"), "--port", "9001").get("port")).isEqualTo("9001");
        assertThat(parse(Map.of("DEMO_PORT", "9000"), "--port=9002").get("port")).isEqualTo("9002");
    }

    @Test
    void anEqualsSignAllowsAnEmptyValue() {
        assertThat(parse(Map.of("DEMO_NAME", "x"), "--name=").get("name")).isEmpty();
    }

    @Test
    void theLastOccurrenceOfAFlagWins() {
        assertThat(parse(Map.of(), "--port", "1", "--port", "2").get("port")).isEqualTo("2");
    }

    @Test
    void helpIsRecognisedInBothForms() {
        assertThat(parse(Map.of(), "--help").helpRequested()).isTrue();
        assertThat(parse(Map.of(), "--port", "1", "-h").helpRequested()).isTrue();
    }

    @Test
    void unknownFlagIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> parse(Map.of(), "--prot", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option: --prot (expected one of: --port, --name, --help)");
    }

    @Test
    void flagWithoutValueIsRejected() {
        assertThatThrownBy(() -> parse(Map.of(), "--port"))
                .hasMessage("--port: missing value (expected: --port <value>)");
        assertThatThrownBy(() -> parse(Map.of(), "--port", "--name", "x"))
                .hasMessage("--port: missing value (expected: --port <value>)");
    }

    @Test
    void positionalArgumentIsRejected() {
        assertThatThrownBy(() -> parse(Map.of(), "8080"))
                .hasMessage("unexpected argument: 8080 (expected: --<option>)");
    }

    @Test
    void usageListsEveryOptionWithItsEnvAndDefault() {
        assertThat(COMMAND.usage())
                .startsWith("Usage: java -jar demo.jar [options]\nA demo.\n")
                .contains("--port <port>", "DEMO_PORT", "port to listen on (default: 8080)")
                .contains("--name <text>", "DEMO_NAME", "a name (default: none)")
                .contains("-h, --help");
    }

    @Test
    void optionNamesMustBeUnique() {
        final Option port = new Option("port", "port", "A", "1", "x");
        assertThatThrownBy(() -> new Command("demo", "", List.of(port, port)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: unique names");
    }
}
