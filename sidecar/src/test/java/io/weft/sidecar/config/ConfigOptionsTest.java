package io.weft.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigOptionsTest {
    private static final List<String> REQUIRED = List.of("--service", "sum", "--token", "t",
                                                         "--bootstrap-ca-file", "/tmp/root.pem", "--app-port", "9090");

    @Test
    void defaultsAreTheDocumentedOnes() {
        final SidecarConfig c = ConfigOptions.parse(REQUIRED, Map.of());
        assertThat(c.mode()).isEqualTo(Mode.SIDECAR);
        assertThat(c.inbound()).isEqualTo(new Listener("0.0.0.0", 21000));
        assertThat(c.outbound()).isEqualTo(new Listener("127.0.0.1", 15001));
        assertThat(c.admin()).isEqualTo(new Listener("127.0.0.1", 15000));
        assertThat(c.edge()).isEqualTo(new Listener("0.0.0.0", 8080));
        assertThat(c.limits().maxRequestBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(c.limits().requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.limits().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.eventLoops()).isOne();
        assertThat(c.appProtocol()).isEqualTo(AppProtocol.GRPC);
        assertThat(c.defaultIntentionPolicy()).isEqualTo(IntentionPolicy.ALLOW);
        assertThat(c.consulRegister()).isTrue();
        assertThat(c.controlPlaneAddress()).isEqualTo("127.0.0.1:15012");
        assertThat(c.bootstrapCaFile()).isEqualTo(Path.of("/tmp/root.pem"));
        assertThat(c.instanceId()).isEqualTo("sum-127.0.0.1-21000");
    }

    @Test
    void flagsWinOverEnvironment() {
        final SidecarConfig c = ConfigOptions.parse(
                List.of("--service=sum", "--token", "t", "--bootstrap-ca-file", "/r.pem", "--app-port", "1",
                        "--request-timeout", "500ms", "--upstreams", "sum, hello"),
                Map.of("WEFT_REQUEST_TIMEOUT", "PT30S", "WEFT_CONSUL_REGISTER", "false", "WEFT_MODE", "sidecar"));
        assertThat(c.limits().requestTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.consulRegister()).isFalse();
        assertThat(c.upstreams()).containsExactly("sum", "hello");
    }

    @Test
    void gatewayNeedsNoAppAndDefaultsItsService() {
        final SidecarConfig c = ConfigOptions.parse(
                List.of("--mode", "gateway", "--token", "t", "--bootstrap-ca-file", "/r.pem"), Map.of());
        assertThat(c.service()).isEqualTo("gateway");
        assertThat(c.mode()).isEqualTo(Mode.GATEWAY);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> ConfigOptions.parse(with(List.of("--inbound-port", "70000")), Map.of()))
                .hasMessageContaining("port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> ConfigOptions.parse(with(List.of("--app-protocol", "soap")), Map.of()))
                .hasMessageContaining("app-protocol: 'soap' (expected: one of [grpc, http])");
        assertThatThrownBy(() -> ConfigOptions.parse(with(List.of("--request-timeout", "soon")), Map.of()))
                .hasMessageContaining("request-timeout: 'soon'");
        assertThatThrownBy(() -> ConfigOptions.parse(with(List.of("--event-loops", "0")), Map.of()))
                .hasMessageContaining("event-loops: 0 (expected: 1..64)");
        assertThatThrownBy(() -> ConfigOptions.parse(with(List.of("--idle-timeout", "0s")), Map.of()))
                .hasMessageContaining("idle-timeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ConfigOptions.parse(with(List.of("--nope", "1")), Map.of()))
                .hasMessageContaining("unknown option: --nope");
        assertThatThrownBy(() -> ConfigOptions.parse(List.of("--service", "sum"), Map.of()))
                .hasMessageContaining("bootstrap-ca-file: unset");
        assertThatThrownBy(() -> ConfigOptions.parse(
                List.of("--service", "Sum!", "--token", "t", "--bootstrap-ca-file", "/r"), Map.of()))
                .hasMessageContaining("service: 'Sum!'");
        assertThatThrownBy(() -> ConfigOptions.parse(
                List.of("--service", "sum", "--token", "t", "--bootstrap-ca-file", "/r"), Map.of()))
                .hasMessageContaining("app-port: 0 (expected: 1..65535)");
    }

    private static List<String> with(List<String> extra) {
        final List<String> all = new java.util.ArrayList<>(REQUIRED);
        all.addAll(extra);
        return all;
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        final String help = ConfigOptions.help();
        for (ConfigOptions.Option o : ConfigOptions.OPTIONS) {
            assertThat(help).contains("--" + o.name()).contains(o.env());
        }
        assertThat(help).contains("default: 21000").contains("default: 127.0.0.1:15012").contains("default: PT15S");
    }
}
