package io.weft.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.weft.common.cli.Cli;
import io.weft.common.cli.Durations;
import io.weft.common.cli.EnvironmentDefaults;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class SidecarOptionsTest {
    private static final List<String> REQUIRED = List.of("--service", "sum", "--token", "t",
                                                         "--bootstrap-ca-file", "/tmp/root.pem", "--app-port", "9090");

    @Test
    void defaultsAreTheDocumentedOnes() {
        final SidecarConfig c = SidecarOptions.parse(REQUIRED, Map.of());
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
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.reconnectMinBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.observability()).isEqualTo(new Observability(0.01, null, "off"));
        assertThat(c.observability().tracing()).isFalse();
        assertThat(c.observability().accessLogOn()).isFalse();
    }

    @Test
    void tracingAndAccessLogOptions() {
        final SidecarConfig c = SidecarOptions.parse(
                with(List.of("--zipkin", "http://127.0.0.1:9411", "--trace-sampling", "1")),
                Map.of("WEFT_ACCESS_LOG", "stdout"));
        assertThat(c.observability()).isEqualTo(
                new Observability(1.0, java.net.URI.create("http://127.0.0.1:9411"), "stdout"));
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--trace-sampling", "1.5")), Map.of()))
                .hasMessageContaining("trace-sampling: 1.5 (expected: 0..1");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--zipkin", "localhost:9411")), Map.of()))
                .hasMessageContaining("zipkin: 'localhost:9411' (expected: http://host:9411");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--zipkin", "http://bad host")), Map.of()))
                .hasMessageContaining("zipkin: 'http://bad host' (expected: http://host:9411)");
    }

    @Test
    void serviceTagsAndMetaFollowConsulsRules() {
        final SidecarConfig c = SidecarOptions.parse(
                with(List.of("--service-tags", "canary, blue", "--service-meta", "version=v2, zone = a")), Map.of());
        assertThat(c.labels()).isEqualTo(new ServiceLabels(List.of("canary", "blue"),
                                                           Map.of("version", "v2", "zone", "a")));
        assertThat(SidecarOptions.parse(with(List.of()), Map.of()).labels()).isEqualTo(ServiceLabels.NONE);
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--service-meta", "version")), Map.of()))
                .hasMessageContaining("service-meta: 'version' (expected: key=value");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--service-meta", "ver.sion=1")), Map.of()))
                .hasMessageContaining("service-meta: key 'ver.sion' (expected: letters, digits");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--service-meta", "consul-x=1")), Map.of()))
                .hasMessageContaining("prefix 'consul-' is reserved");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--service-meta", "weft-protocol=http")), Map.of()))
                .hasMessageContaining("prefix 'weft-' is reserved");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--service-meta", "a=1,a=2")), Map.of()))
                .hasMessageContaining("key 'a' given twice");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--service-tags", "weft")), Map.of()))
                .hasMessageContaining("service-tags: 'weft'");
    }

    @Test
    void theBuildersDefaultsAreTheOptionsDefaults() {
        final SidecarConfig fromBuilder = SidecarConfig.builder().service("sum").token("t")
                                                       .bootstrapCaFile(Path.of("/tmp/root.pem")).appPort(9090).build();
        assertThat(fromBuilder).isEqualTo(SidecarOptions.parse(REQUIRED, Map.of()));
    }

    @Test
    void flagsWinOverEnvironment() {
        final SidecarConfig c = SidecarOptions.parse(
                List.of("--service=sum", "--token", "t", "--bootstrap-ca-file", "/r.pem", "--app-port", "1",
                        "--request-timeout", "500ms", "--upstreams", "sum, hello"),
                Map.of("WEFT_REQUEST_TIMEOUT", "PT30S", "WEFT_CONSUL_REGISTER", "false", "WEFT_MODE", "sidecar"));
        assertThat(c.limits().requestTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.consulRegister()).isFalse();
        assertThat(c.upstreams()).containsExactly("sum", "hello");
    }

    @Test
    void renamedOptionsReadTheirFlagsAndEnvironment() {
        final SidecarConfig fromEnv = SidecarOptions.parse(
                REQUIRED, Map.of("WEFT_SHUTDOWN_GRACE", "3s", "WEFT_DEFAULT_INTENTION", "deny",
                                 "WEFT_CONSUL_REGISTER", "no"));
        assertThat(fromEnv.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
        assertThat(fromEnv.defaultIntentionPolicy()).isEqualTo(IntentionPolicy.DENY);
        assertThat(fromEnv.consulRegister()).isFalse();
        final SidecarConfig fromFlags = SidecarOptions.parse(
                with(List.of("--shutdown-grace", "PT1S", "--default-intention", "DENY", "--consul-register", "on")),
                Map.of());
        assertThat(fromFlags.shutdownGrace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fromFlags.defaultIntentionPolicy()).isEqualTo(IntentionPolicy.DENY);
        assertThat(fromFlags.consulRegister()).isTrue();
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--grace-period", "1s")), Map.of()))
                .hasMessageContaining("--grace-period");
    }

    @Test
    void gatewayNeedsNoAppAndDefaultsItsService() {
        final SidecarConfig c = SidecarOptions.parse(
                List.of("--mode", "gateway", "--token", "t", "--bootstrap-ca-file", "/r.pem"), Map.of());
        assertThat(c.service()).isEqualTo("gateway");
        assertThat(c.mode()).isEqualTo(Mode.GATEWAY);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--inbound-port", "70000")), Map.of()))
                .hasMessageContaining("inbound-port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--app-protocol", "soap")), Map.of()))
                .hasMessageContaining("--app-protocol").hasMessageContaining("'soap'")
                .hasMessageContaining("[GRPC, HTTP]");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--request-timeout", "soon")), Map.of()))
                .hasMessageContaining("--request-timeout").hasMessageContaining("'soon'")
                .hasMessageContaining(Durations.EXPECTED);
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--event-loops", "0")), Map.of()))
                .hasMessageContaining("event-loops: 0 (expected: 1..64)");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--idle-timeout", "0s")), Map.of()))
                .hasMessageContaining("idle-timeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--nope", "1")), Map.of()))
                .hasMessageContaining("Unknown option").hasMessageContaining("--nope");
        assertThatThrownBy(() -> SidecarOptions.parse(List.of("--service", "sum"), Map.of()))
                .hasMessageContaining("bootstrap-ca-file: unset");
        assertThatThrownBy(() -> SidecarOptions.parse(
                List.of("--service", "Sum!", "--token", "t", "--bootstrap-ca-file", "/r"), Map.of()))
                .hasMessageContaining("service: 'Sum!'");
        assertThatThrownBy(() -> SidecarOptions.parse(
                List.of("--service", "sum", "--token", "t", "--bootstrap-ca-file", "/r"), Map.of()))
                .hasMessageContaining("app-port: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--consul-register", "maybe")), Map.of()))
                .hasMessageContaining("--consul-register").hasMessageContaining("'maybe' (expected: true or false)");
        assertThatThrownBy(() -> SidecarOptions.parse(REQUIRED, Map.of("WEFT_ADMIN_PORT", "eighty")))
                .hasMessageContaining("--admin-port").hasMessageContaining("eighty");
        assertThatThrownBy(() -> SidecarOptions.parse(with(List.of("--shutdown-grace", "-PT1S")), Map.of()))
                .hasMessageContaining("shutdown-grace: PT-1S (expected: >= 0)");
    }

    @Test
    void runReportsAConfigMistakeWithExitCodeTwoAndNeverStarts() {
        final AtomicReference<SidecarConfig> started = new AtomicReference<>();
        final StringWriter err = new StringWriter();
        final CommandLine cl = Cli.commandLine(new SidecarOptions(config -> {
            started.set(config);
            return 0;
        }), Map.of());
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("--service", "sum")).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err.toString()).startsWith("error: bootstrap-ca-file: unset");
        assertThat(started).hasNullValue();
        assertThat(cl.execute(REQUIRED.toArray(new String[0]))).isZero();
        assertThat(started.get().consulUri()).isEqualTo(URI.create("http://127.0.0.1:8500"));
    }

    @Test
    void everythingAfterDoubleDashIsTheAppsCommandAndNeedsTheDoubleDash() {
        final AtomicReference<List<String>> app = new AtomicReference<>();
        final StringWriter err = new StringWriter();
        final CommandLine cl = Cli.commandLine(new SidecarOptions((config, command) -> {
            app.set(command);
            return 0;
        }), Map.of());
        cl.setErr(new PrintWriter(err, true));
        final List<String> args = with(List.of("--", "java", "-jar", "app.jar", "--port", "9090"));
        assertThat(cl.execute(args.toArray(new String[0]))).isZero();
        assertThat(app.get()).containsExactly("java", "-jar", "app.jar", "--port", "9090");
        assertThat(cl.execute(REQUIRED.toArray(new String[0]))).isZero();
        assertThat(app.get()).isEmpty();

        assertThat(cl.execute(with(List.of("stray")).toArray(new String[0]))).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err.toString()).contains("unexpected argument 'stray' (expected: options, then -- and the app's");
        assertThat(cl.execute(with(List.of("--mode", "gateway", "--", "app")).toArray(new String[0])))
                .isEqualTo(Cli.USAGE_ERROR);
        assertThat(err.toString()).contains("-- app: --mode gateway fronts no app (expected: no app command)");
    }

    private static List<String> with(List<String> extra) {
        final List<String> all = new ArrayList<>(REQUIRED);
        all.addAll(extra);
        return all;
    }

    @Test
    void helpListsEveryOptionWithItsEnvironmentVariableAndDefault() {
        final String help = Cli.usage(new SidecarOptions(), Map.of());
        final List<OptionSpec> options = Cli.commandLine(new SidecarOptions(), Map.of()).getCommandSpec().options();
        assertThat(options).hasSizeGreaterThan(35);
        for (OptionSpec o : options) {
            assertThat(help).contains(o.longestName());
            if (!o.usageHelp()) {
                assertThat(help).contains(EnvironmentDefaults.variableOf(o));
            }
        }
        assertThat(help).contains("default: 21000").contains("default: 127.0.0.1:15012").contains("default: 15s")
                        .contains("WEFT_SERVICE, default: (none)").startsWith("Usage: java -jar sidecar.jar");
    }
}
