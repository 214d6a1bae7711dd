package io.weft.devmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weft.common.cli.Cli;

class ArchiveCommandTest {

    @Test
    void withoutTheJarsItSaysWhichAreMissingAndStartsNothing(@TempDir Path home) throws Exception {
        final ArchiveCommand command = Cli.parse(new ArchiveCommand(),
                                                 List.of("--home", home.toString(), "--out", "x.jsa"), Map.of());
        assertThat(command.timeout).isEqualTo(Duration.ofSeconds(180));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(command.run(new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("missing")
                .contains(home.resolve("devmesh/target/devmesh.jar").toString())
                .contains(home.resolve("sidecar/target/sidecar.jvmopts").toString());
    }
}
