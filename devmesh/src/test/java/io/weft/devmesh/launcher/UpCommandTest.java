package io.weft.devmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.weft.common.cli.Cli;
import io.weft.common.cli.Durations;

class UpCommandTest {

    private static final Path HOME = Path.of("/repo");

    private static UpOptions parse(Map<String, String> env, Optional<Path> consulOnPath, String... args) {
        final List<String> withHome = new java.util.ArrayList<>(List.of("--home", HOME.toString()));
        withHome.addAll(List.of(args));
        return Cli.parse(new UpCommand(), withHome, env).options(env, name -> consulOnPath);
    }

    @Test
    void defaults() {
        final UpOptions o = parse(Map.of(), Optional.empty());
        assertThat(o.gatewayPort()).isEqualTo(8080);
        assertThat(o.stateDir()).isEqualTo(Path.of(".weft").toAbsolutePath().normalize());
        assertThat(o.home()).isEqualTo(HOME);
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(o.leafTtl()).isEmpty();
        assertThat(o.consul().kind()).isEqualTo(ConsulChoice.Kind.STAND_IN);
        assertThat(o.javaOptions()).contains("-XX:+UseSerialGC");
        // Sidecars get their recommended options from sidecar.jvmopts; nothing is added by default.
        assertThat(o.sidecarJavaOptions()).isEmpty();
        assertThat(Cli.parse(new UpCommand(), List.of(), Map.of()).options(Map.of(), name -> Optional.empty()).home())
                .isEqualTo(UpCommand.defaultHome().toAbsolutePath().normalize());
    }

    @Test
    void flags() {
        final UpOptions o = parse(Map.of("WEFT_JAVA_OPTS", "-Xmx64m"), Optional.empty(),
                                  "--port", "9090", "--timeout", "2m", "--leaf-ttl", "PT30S",
                                  "--state-dir", "/tmp/x");
        assertThat(o.gatewayPort()).isEqualTo(9090);
        assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.leafTtl()).contains(Duration.ofSeconds(30));
        assertThat(o.stateDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.javaOptions()).containsExactly("-Xmx64m");
        assertThat(parse(Map.of(), Optional.empty(), "--java-opts=-Xmx32m -Xss256k").javaOptions())
                .containsExactly("-Xmx32m", "-Xss256k");
        // An empty variable counts as unset (as for every WEFT_ variable); the flag can still clear the options.
        assertThat(parse(Map.of("WEFT_JAVA_OPTS", ""), Optional.empty()).javaOptions()).isNotEmpty();
        assertThat(parse(Map.of(), Optional.empty(), "--java-opts=").javaOptions()).isEmpty();
        assertThat(parse(Map.of("WEFT_SIDECAR_JAVA_OPTS", "-Xmx96m"), Optional.empty()).sidecarJavaOptions())
                .containsExactly("-Xmx96m");
        assertThat(parse(Map.of(), Optional.empty(), "--sidecar-java-opts= -Xmx96m  -XX:TieredStopAtLevel=1 ")
                           .sidecarJavaOptions()).containsExactly("-Xmx96m", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void leafTtlTakesTheSharedDurationSyntax() {
        assertThat(parse(Map.of(), Optional.empty(), "--leaf-ttl", "7d").leafTtl()).contains(Duration.ofDays(7));
        assertThat(parse(Map.of("WEFT_LEAF_TTL", "12h"), Optional.empty()).leafTtl()).contains(Duration.ofHours(12));
        assertThat(parse(Map.of(), Optional.empty(), "--timeout", "500ms").timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void detachAndStateDirAreFlagsOfUp() {
        final UpCommand up = Cli.parse(new UpCommand(), List.of("-d", "--state-dir", "/tmp/y"), Map.of());
        assertThat(up.detach).isTrue();
        assertThat(up.common.stateDir()).isEqualTo(Path.of("/tmp/y"));
        assertThat(Cli.parse(new UpCommand(), List.of("--detach"), Map.of()).detach).isTrue();
        assertThat(Cli.parse(new UpCommand(), List.of(), Map.of()).detach).isFalse();
    }

    @Test
    void consulChoice() {
        assertThat(parse(Map.of(), Optional.of(Path.of("/usr/bin/consul"))).consul().kind())
                .isEqualTo(ConsulChoice.Kind.REAL);
        final ConsulChoice external = parse(Map.of("CONSUL_HTTP_ADDR", "10.0.0.5:8500"),
                                            Optional.of(Path.of("/usr/bin/consul"))).consul();
        assertThat(external.kind()).isEqualTo(ConsulChoice.Kind.EXTERNAL);
        assertThat(external.external()).contains(URI.create("http://10.0.0.5:8500"));
        assertThat(parse(Map.of(), Optional.of(Path.of("/usr/bin/consul")), "--consul", "standin").consul().kind())
                .isEqualTo(ConsulChoice.Kind.STAND_IN);
        assertThat(parse(Map.of(), Optional.empty(), "--consul", "https://consul.example:8501").consul()
                           .external()).contains(URI.create("https://consul.example:8501"));
    }

    @Test
    void badValuesNameTheProblem() {
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--port", "0"))
                .hasMessage("--port: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--port", "http"))
                .hasMessageContaining("'--port'").hasMessageContaining("'http' is not an int");
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--timeout", "soon"))
                .hasMessageContaining("'--timeout'").hasMessageContaining("'soon'")
                .hasMessageContaining(Durations.EXPECTED);
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--leaf-ttl", "0s"))
                .hasMessage("--leaf-ttl: 0s (expected: > 0)");
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--port"))
                .hasMessageContaining("Missing required parameter for option '--port'");
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--colour", "red"))
                .hasMessageContaining("Unknown option").hasMessageContaining("'--colour'");
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--consul", "real"))
                .hasMessageStartingWith("--consul real: no `consul` executable on PATH");
    }
}
