package io.weft.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weft.controlplane.ControlPlaneConfig;
import io.weft.controlplane.snapshot.IntentionAction;

class ControlPlaneOptionsTest {

    @Test
    void flagsWinOverEnvironment() {
        final ControlPlaneConfig config = ControlPlaneOptions.parse(
                List.of("--consul", "http://consul:8500", "--stream-port=0", "--leaf-ttl", "30s",
                        "--default-intention", "deny", "--bootstrap-token", "flag", "--server-names", "cp,cp.mesh",
                        "--consul-token", "acl"),
                Map.of("WEFT_CONSUL", "http://env:8500", "WEFT_HTTP_PORT", "9999", "WEFT_BOOTSTRAP_TOKEN", "env",
                       "WEFT_TRUST_DOMAIN", "example.org")).orElseThrow();
        assertThat(config.consulUri().toString()).isEqualTo("http://consul:8500");
        assertThat(config.streamPort()).isZero();
        assertThat(config.httpPort()).isEqualTo(9999);
        assertThat(config.leafTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.defaultIntention()).isEqualTo(IntentionAction.DENY);
        assertThat(config.bootstrapToken()).isEqualTo("flag");
        assertThat(config.trustDomain()).isEqualTo("example.org");
        assertThat(config.serverDnsNames()).containsExactly("cp", "cp.mesh");
        assertThat(config.consulToken()).isEqualTo("acl");
    }

    @Test
    void readsPerServiceTokens(@TempDir Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("tokens"), "sum=a\nhello=b\n");
        final ControlPlaneConfig config = ControlPlaneOptions.parse(
                List.of("--bootstrap-tokens-file", file.toString()), Map.of()).orElseThrow();
        assertThat(config.bootstrapTokens()).containsOnly(Map.entry("sum", "a"), Map.entry("hello", "b"));
        assertThat(config.bootstrapToken()).isNull();
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThat(ControlPlaneOptions.parse(List.of("--help"), Map.of())).isEmpty();
        final String help = ControlPlaneOptions.help();
        for (ControlPlaneOptions.Option option : ControlPlaneOptions.OPTIONS) {
            assertThat(help).contains("--" + option.flag()).contains(option.env())
                            .contains("default " + option.defaultValue());
        }
    }

    @Test
    void badInputNamesTheProblem() {
        assertThatThrownBy(() -> ControlPlaneOptions.parse(List.of("--nope", "1"), Map.of()))
                .hasMessage("--nope: unknown option (see --help)");
        assertThatThrownBy(() -> ControlPlaneOptions.parse(List.of("--bootstrap-token"), Map.of()))
                .hasMessageStartingWith("--bootstrap-token: no value");
        assertThatThrownBy(() -> ControlPlaneOptions.parse(List.of("--leaf-ttl", "soon", "--bootstrap-token", "t"),
                                                           Map.of()))
                .hasMessageStartingWith("leaf-ttl: soon (expected: a duration");
        assertThatThrownBy(() -> ControlPlaneOptions.parse(List.of("--http-port", "http", "--bootstrap-token", "t"),
                                                           Map.of()))
                .hasMessageStartingWith("http-port: http (expected: a port number");
        assertThatThrownBy(() -> ControlPlaneOptions.parse(List.of("stray"), Map.of()))
                .hasMessageStartingWith("argument: stray");
    }

    @Test
    void durations() {
        assertThat(Durations.parse("x", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("x", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("x", "24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("x", "PT1H")).isEqualTo(Duration.ofHours(1));
    }
}
