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

class UpOptionsTest {

    private static final Path HOME = Path.of("/repo");

    private static UpOptions parse(Map<String, String> env, Optional<Path> consulOnPath, String... args) {
        return UpOptions.parse(List.of(args), env, HOME, name -> consulOnPath);
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
                .hasMessage("--port: http (expected: a number)");
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--timeout", "soon"))
                .hasMessageStartingWith("--timeout: soon (expected: seconds");
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--leaf-ttl", "0"))
                .hasMessage("--leaf-ttl: PT0S (expected: > 0)");
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--port"))
                .hasMessage("--port: missing value");
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--colour", "red"))
                .hasMessageStartingWith("unknown option for up: --colour");
        assertThatThrownBy(() -> parse(Map.of(), Optional.empty(), "--consul", "real"))
                .hasMessageStartingWith("--consul real: no `consul` executable on PATH");
    }
}
