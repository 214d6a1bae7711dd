package io.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weft.common.cli.Cli;

import picocli.CommandLine;

/** The command line of {@code bench.jar}: what {@code bench/run} passes parses, and mistakes exit 2. */
class BenchMainTest {

    @Test
    void helpListsEveryCommand() {
        assertThat(Cli.usage(new BenchMain(), Map.of()))
                .contains("app", "ports", "grpc-body", "check", "h2log", "propagation", "scale", "profile-top",
                          "relay", "soak-load");
    }

    @Test
    void theCommandLinesOfBenchRunParse() {
        for (List<String> args : List.of(
                List.of("ports", "24"),
                List.of("check", "--url", "http://127.0.0.1:1", "--proto", "json", "--authority", "sum"),
                List.of("h2log", "--dist", "/tmp/d.dat", "/tmp/a.tsv", "/tmp/b.tsv"),
                List.of("profile-top", "/tmp/x.collapsed", "--top", "12"),
                List.of("relay", "netty", "--listen", "127.0.0.1:1", "--to", "127.0.0.1:2", "--to-tls",
                        "--to-name", "relay-in", "--cert", "/tmp/c", "--key", "/tmp/k", "--ca", "/tmp/ca",
                        "--stats-file", "/tmp/s"),
                List.of("relay", "armeria", "--listen", "127.0.0.1:1", "--to", "127.0.0.1:2", "--listen-tls",
                        "--cert", "/tmp/c", "--key", "/tmp/k", "--ca", "/tmp/ca"),
                List.of("propagation", "--consul", "http://127.0.0.1:1", "--admin", "http://127.0.0.1:2",
                        "--service", "prop", "--changes", "100", "--parallel", "4", "--gap-ms", "550",
                        "--run", "r1"),
                List.of("scale", "--consul", "http://127.0.0.1:1", "--control-plane", "127.0.0.1:2",
                        "--ca-file", "/tmp/root.pem", "--token", "t", "--streams", "1000", "--services", "100",
                        "--upstreams-per-stream", "5", "--rate", "20", "--window-s", "6", "--windows", "3",
                        "--cp-pid", "42"),
                List.of("soak-load", "--grpc", "http://127.0.0.1:1", "--authority", "sum", "--gateway",
                        "http://127.0.0.1:2", "--unary-rate", "100", "--json-rate", "40", "--range-rate", "4",
                        "--bidi-streams", "4", "--duration-s", "600", "--out", "/tmp/load"))) {
            final CommandLine commandLine = Cli.commandLine(new BenchMain(), Map.of());
            assertThat(commandLine.parseArgs(args.toArray(new String[0])).hasSubcommand()).as(args.toString())
                                                                                           .isTrue();
        }
    }

    @Test
    void aBadValueNamesTheOptionTheValueAndWhatWasExpected() {
        assertThatThrownBy(() -> Cli.parse(new BenchMain(), List.of("propagation", "--consul", "http://c",
                                                                    "--admin", "http://a", "--changes", "many"),
                                           Map.of()))
                .hasMessageContaining("--changes").hasMessageContaining("'many'").hasMessageContaining("int");
        assertThatThrownBy(() -> Cli.parse(new BenchMain(), List.of("check", "--url", "u", "--proto", "xml"),
                                           Map.of()))
                .hasMessageContaining("--proto").hasMessageContaining("xml").hasMessageContaining("GRPC, JSON");
        assertThatThrownBy(() -> Cli.parse(new BenchMain(), List.of("grpc-body"), Map.of()))
                .hasMessageContaining("--out");
    }

    @Test
    void aMistakeExitsTwoWithOneErrorLine() {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Cli.commandLine(new BenchMain(), Map.of());
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute("bogus")).isEqualTo(Cli.USAGE_ERROR);
        assertThat(err.toString()).startsWith("error: ").contains("'bogus'");
    }
}
