package io.weft.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weft.common.cli.Cli;
import io.weft.common.cli.Durations;
import io.weft.common.cli.EnvironmentDefaults;

import io.weft.controlplane.ControlPlaneConfig;
import io.weft.controlplane.snapshot.IntentionAction;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ControlPlaneOptionsTest {

    private static ControlPlaneConfig parse(List<String> args, Map<String, String> env) {
        return Cli.parse(new ControlPlaneOptions(config -> 0), args, env).toConfig();
    }

    @Test
    void flagsWinOverEnvironment() {
        final ControlPlaneConfig config = parse(
                List.of("--consul", "http://consul:8500", "--stream-port=0", "--leaf-ttl", "30s",
                        "--default-intention", "deny", "--bootstrap-token", "flag", "--server-names", "cp,cp.mesh",
                        "--consul-token", "acl", "--keepalive-interval", "2s"),
                Map.of("WEFT_CONSUL", "http://env:8500", "WEFT_HTTP_PORT", "9999", "WEFT_BOOTSTRAP_TOKEN", "env",
                       "WEFT_TRUST_DOMAIN", "example.org", "WEFT_KEEPALIVE_INTERVAL", "9s"));
        assertThat(config.consulUri().toString()).isEqualTo("http://consul:8500");
        assertThat(config.streamPort()).isZero();
        assertThat(config.httpPort()).isEqualTo(9999);
        assertThat(config.leafTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.defaultIntention()).isEqualTo(IntentionAction.DENY);
        assertThat(config.bootstrapToken()).isEqualTo("flag");
        assertThat(config.trustDomain()).isEqualTo("example.org");
        assertThat(config.serverDnsNames()).containsExactly("cp", "cp.mesh");
        assertThat(config.consulToken()).isEqualTo("acl");
        assertThat(config.keepaliveInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void environmentAloneConfiguresEveryKindOfOption() {
        final ControlPlaneConfig config = parse(List.of(), Map.of(
                "WEFT_BOOTSTRAP_TOKEN", "env", "WEFT_SERVER_NAMES", "cp,cp.mesh", "WEFT_KEEPALIVE_INTERVAL", "3s",
                "WEFT_DEFAULT_INTENTION", "deny", "WEFT_CA_DIR", "/var/lib/weft/ca"));
        assertThat(config.serverDnsNames()).containsExactly("cp", "cp.mesh");
        assertThat(config.keepaliveInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.defaultIntention()).isEqualTo(IntentionAction.DENY);
        assertThat(config.caDir()).isEqualTo(Path.of("/var/lib/weft/ca"));
    }

    @Test
    void defaultsAreThoseOfTheBuilder() {
        final ControlPlaneConfig fromCli = parse(List.of("--bootstrap-token", "t"), Map.of());
        assertThat(fromCli.toString()).isEqualTo(ControlPlaneConfig.builder().bootstrapToken("t").build().toString());
        assertThat(fromCli.keepaliveInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fromCli.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fromCli.consulMinInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(fromCli.caDir()).isEqualTo(Path.of(".weft/ca"));
        assertThat(fromCli.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(fromCli.consulToken()).isNull();
    }

    @Test
    void readsPerServiceTokens(@TempDir Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("tokens"), "sum=a\nhello=b\n");
        final ControlPlaneConfig config = parse(List.of("--bootstrap-tokens-file", file.toString()), Map.of());
        assertThat(config.bootstrapTokens()).containsOnly(Map.entry("sum", "a"), Map.entry("hello", "b"));
        assertThat(config.bootstrapToken()).isNull();
        assertThatThrownBy(() -> parse(List.of("--bootstrap-tokens-file", dir.resolve("none").toString()), Map.of()))
                .hasMessageStartingWith("--bootstrap-tokens-file: " + dir.resolve("none") + " cannot be read");
    }

    @Test
    void helpListsEveryOptionWithItsEnvironmentVariableAndDefault() {
        final StringWriter out = new StringWriter();
        final AtomicReference<ControlPlaneConfig> ran = new AtomicReference<>();
        final CommandLine cl = Cli.commandLine(new ControlPlaneOptions(config -> {
            ran.set(config);
            return 0;
        }), Map.of());
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("--help")).isZero();
        assertThat(ran).hasValue(null);

        final String help = out.toString();
        assertThat(help).startsWith("Usage: java -jar control-plane.jar [--option value]...");
        final List<OptionSpec> options = cl.getCommandSpec().options();
        assertThat(options).hasSizeGreaterThan(15);
        for (OptionSpec option : options) {
            assertThat(help).contains(option.longestName());
            if (!option.usageHelp()) {
                assertThat(help).contains("env " + EnvironmentDefaults.variableOf(option));
            }
            if (option.defaultValue() != null) {
                assertThat(help).contains("default: " + option.defaultValue());
            }
        }
        assertThat(help).contains("--keepalive-interval").contains("env WEFT_KEEPALIVE_INTERVAL, default: 15s")
                        .contains("env WEFT_LEAF_TTL, default: 24h").doesNotContain("--keepalive ");
    }

    @Test
    void badInputNamesTheOptionTheValueAndWhatWasExpected() {
        assertThatThrownBy(() -> parse(List.of("--nope", "1"), Map.of())).hasMessageContaining("--nope");
        assertThatThrownBy(() -> parse(List.of("--keepalive", "2s"), Map.of())).hasMessageContaining("--keepalive");
        assertThatThrownBy(() -> parse(List.of("--bootstrap-token"), Map.of()))
                .hasMessageContaining("--bootstrap-token").hasMessageContaining("Missing required parameter");
        assertThatThrownBy(() -> parse(List.of("--leaf-ttl", "soon", "--bootstrap-token", "t"), Map.of()))
                .hasMessageContaining("--leaf-ttl").hasMessageContaining("'soon'")
                .hasMessageContaining(Durations.EXPECTED);
        assertThatThrownBy(() -> parse(List.of("--http-port", "http", "--bootstrap-token", "t"), Map.of()))
                .hasMessageContaining("--http-port").hasMessageContaining("'http'")
                .hasMessageContaining("is not an int");
        assertThatThrownBy(() -> parse(List.of("--default-intention", "maybe", "--bootstrap-token", "t"), Map.of()))
                .hasMessageContaining("--default-intention").hasMessageContaining("maybe")
                .hasMessageContaining("ALLOW, DENY");
        assertThatThrownBy(() -> parse(List.of("stray"), Map.of())).hasMessageContaining("'stray'");
        assertThatThrownBy(() -> parse(List.of(), Map.of("WEFT_STREAM_PORT", "tls")))
                .hasMessageContaining("--stream-port").hasMessageContaining("'tls'");
    }

    @Test
    void runExitsWithTwoAndOneErrorLineOnAMistake() {
        final StringWriter err = new StringWriter();
        final CommandLine cl = Cli.commandLine(new ControlPlaneOptions(config -> 0), Map.of());
        cl.setErr(new PrintWriter(err, true));
        // A value the builder refuses is reported the same way as one picocli refuses.
        assertThat(cl.execute("--stream-port", "0")).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err.toString()).startsWith(
                "error: bootstrapToken: <none> (expected: a shared token or at least one per-service token)");
        assertThat(cl.execute("--leaf-ttl", "7x", "--bootstrap-token", "t")).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err.toString()).contains("error: ").contains("--leaf-ttl").contains("7x");
    }

    @Test
    void runHandsTheConfigurationToTheCommand() {
        final AtomicReference<ControlPlaneConfig> ran = new AtomicReference<>();
        final int exitCode = Cli.run(new ControlPlaneOptions(config -> {
            ran.set(config);
            return 7;
        }), new String[] { "--bootstrap-token", "t", "--leaf-ttl", "7d" }, Map.of());
        assertThat(exitCode).isEqualTo(7);
        assertThat(ran.get().leafTtl()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void durationsInEveryForm() {
        final ControlPlaneConfig config = parse(
                List.of("--bootstrap-token", "t", "--consul-min-interval", "500ms", "--consul-wait", "5m",
                        "--leaf-ttl", "7d", "--shutdown-grace", "PT1S"), Map.of("WEFT_KEEPALIVE_INTERVAL", "PT1H"));
        assertThat(config.consulMinInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.consulWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.leafTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.keepaliveInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(parse(List.of("--bootstrap-token", "t", "--leaf-ttl", "24h"), Map.of()).leafTtl())
                .isEqualTo(Duration.ofHours(24));
    }
}
