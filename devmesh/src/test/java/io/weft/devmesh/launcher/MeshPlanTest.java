package io.weft.devmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshPlanTest {

    @TempDir
    Path home;

    private MeshPlan plan(List<String> sidecarJavaOptions) {
        return plan(sidecarJavaOptions, 1, false);
    }

    private MeshPlan plan(List<String> sidecarJavaOptions, int controlPlanes) {
        return plan(sidecarJavaOptions, controlPlanes, false);
    }

    private MeshPlan plan(List<String> sidecarJavaOptions, boolean tracing) {
        return plan(sidecarJavaOptions, 1, tracing);
    }

    private MeshPlan plan(List<String> sidecarJavaOptions, int controlPlanes, boolean tracing) {
        final UpOptions options = new UpOptions(new PortAllocator().next(), home.resolve(".weft"), home,
                                                ConsulChoice.standIn(), Duration.ofMinutes(1), Optional.empty(),
                                                List.of("-Xmx32m"), sidecarJavaOptions, "/jdk/bin/java",
                                                controlPlanes, tracing);
        return new MeshPlan(options, new PortAllocator(), "token");
    }

    @Test
    void theTwoSumInstancesCarryTheVersionsAResolversSubsetsSelectOn() {
        final List<ProcessSpec> specs = plan(List.of(), 1).workloadSpecs();
        assertThat(spec(specs, "sum-1-sidecar").command()).containsSubsequence("--service-meta", "version=v1");
        assertThat(spec(specs, "sum-2-sidecar").command()).containsSubsequence("--service-meta", "version=v2");
        assertThat(spec(specs, "hello-1-sidecar").command()).doesNotContain("--service-meta");
    }

    @Test
    void oneReplicaIsDialledDirectlySeveralAreFoundThroughConsulAndShareTheCa() {
        final MeshPlan one = plan(List.of(), 1);
        assertThat(one.controlPlaneSpecs()).extracting(ProcessSpec::name).containsExactly("control-plane");
        assertThat(spec(one.workloadSpecs(), "sum-1-sidecar").command())
                .containsSubsequence("--control-plane", one.streamAddress());
        assertThat(one.streamAddress()).startsWith("127.0.0.1:");

        final MeshPlan two = plan(List.of(), 2);
        final List<ProcessSpec> replicas = two.controlPlaneSpecs();
        assertThat(replicas).extracting(ProcessSpec::name).containsExactly("control-plane", "control-plane-2");
        for (ProcessSpec replica : replicas) {
            assertThat(replica.command()).containsSubsequence("--ca-dir", two.caDir().toString())
                                         .containsSubsequence("--replica-id", replica.name());
        }
        assertThat(replicas.get(0).command()).doesNotContainSequence(replicas.get(1).command());
        for (String sidecar : List.of("sum-1-sidecar", "gateway")) {
            assertThat(spec(two.workloadSpecs(), sidecar).command()).containsSubsequence("--control-plane", "consul");
        }
        assertThatThrownBy(() -> plan(List.of(), 0)).hasMessage("--control-planes: 0 (expected: 1..9)");
    }

    private Path touch(String relative, Instant modified) throws IOException {
        final Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] { 1 });
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private static ProcessSpec spec(List<ProcessSpec> specs, String name) {
        return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void sidecarsStartWithTheirOptionsFileThenTheUsersOptionsOthersWithTheLaunchersOptions() throws IOException {
        final Instant built = Instant.parse("2026-12-01T10:00:00Z");
        final Path jar = touch("sidecar/target/sidecar.jar", built);
        final MeshPlan plan = plan(List.of("-Xmx96m"));
        final List<ProcessSpec> specs = plan.workloadSpecs();

        for (String sidecar : List.of("sum-1-sidecar", "hello-1-sidecar", "gateway")) {
            final List<String> command = spec(specs, sidecar).command();
            assertThat(command.subList(0, 3)).containsExactly(
                    "/jdk/bin/java", "@" + home.resolve("sidecar/target/sidecar.jvmopts"), "-Xmx96m");
            assertThat(command).doesNotContain("-Xmx32m")
                               .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile")) // no archive yet
                               .containsSubsequence("-jar", jar.toString());
        }
        assertThat(spec(specs, "sum-1").command().subList(0, 2)).containsExactly("/jdk/bin/java", "-Xmx32m");
        assertThat(plan.controlPlaneSpec().command()).contains("-Xmx32m").noneMatch(o -> o.startsWith("@"));
    }

    @Test
    void withTracingZipkinRunsFromTheBuiltJarAndEverySidecarSendsItAllSpans() {
        assertThat(plan(List.of()).zipkinSpec()).isEmpty();
        assertThat(plan(List.of()).workloadSpecs()).allSatisfy(s -> assertThat(s.command()).doesNotContain("--zipkin"));

        final MeshPlan plan = plan(List.of(), true);
        final String zipkin = plan.zipkin().orElseThrow().toString();
        final List<ProcessSpec> specs = plan.workloadSpecs();
        final ProcessSpec server = spec(specs, "zipkin");
        assertThat(server.command()).containsSubsequence("-jar", home.resolve("devmesh/target/zipkin-server.jar")
                                                                     .toString());
        assertThat(server.environment()).containsEntry("QUERY_PORT", zipkin.substring(zipkin.lastIndexOf(':') + 1));
        assertThat(server.listens()).anyMatch(line -> line.contains(zipkin + "/zipkin/"));
        for (String sidecar : List.of("sum-1-sidecar", "sum-2-sidecar", "hello-1-sidecar", "gateway")) {
            assertThat(spec(specs, sidecar).command()).containsSubsequence("--zipkin", zipkin, "--trace-sampling", "1");
        }
    }

    @Test
    void aFreshArchiveIsUsedAStaleOneIsNot() throws IOException {
        final Instant built = Instant.parse("2026-12-01T10:00:00Z");
        touch("sidecar/target/sidecar.jar", built);
        touch("sidecar/target/sidecar.jvmopts", built);
        final SidecarArchive archive = plan(List.of()).sidecarArchive();
        assertThat(archive.file().getParent()).isEqualTo(home.resolve("sidecar/target"));
        assertThat(archive.file().getFileName().toString()).isEqualTo("sidecar-jdk-" + Runtime.version() + ".jsa");

        touch(home.relativize(archive.file()).toString(), built.plusSeconds(60));
        assertThat(archive.isFresh()).isTrue();
        assertThat(spec(plan(List.of("-Xmx96m")).workloadSpecs(), "sum-2-sidecar").command())
                .containsSubsequence("@" + home.resolve("sidecar/target/sidecar.jvmopts"),
                                     "-XX:SharedArchiveFile=" + archive.file(), "-Xmx96m", "-jar");

        touch("sidecar/target/sidecar.jar", built.plusSeconds(120)); // rebuilt after the archive was written
        assertThat(archive.isFresh()).isFalse();
        assertThat(spec(plan(List.of()).workloadSpecs(), "sum-2-sidecar").command())
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));
        touch("sidecar/target/sidecar.jar", built);
        touch("sidecar/target/sidecar.jvmopts", built.plusSeconds(120)); // new recommended options
        assertThat(archive.isFresh()).isFalse();
    }

    @Test
    void theTrainingSidecarWritesTheArchiveOnExitFrontingASumAppThatIsItsOwnUpstream() {
        final MeshPlan plan = plan(List.of());
        final Path output = plan.sidecarArchive().trainingOutput();
        final ProcessSpec training = plan.archiveTrainingSpec(output);
        assertThat(training.command()).containsSubsequence(
                "@" + home.resolve("sidecar/target/sidecar.jvmopts"), "-XX:ArchiveClassesAtExit=" + output, "-jar");
        final String service = plan.training().service();
        // registered in Consul (the default) and its own upstream: its requests go through both listeners
        assertThat(training.command()).doesNotContain("--consul-register")
                                      .containsSubsequence("--service", service)
                                      .containsSubsequence("--upstreams", service)
                                      .containsSubsequence("--app-port", String.valueOf(plan.training().appPort()),
                                                           "--app-protocol", "grpc");
        assertThat(training.readiness()).isPresent();
        assertThat(output.getFileName().toString()).endsWith(".jsa.training");
        final ProcessSpec app = plan.archiveTrainingAppSpec();
        assertThat(app.command()).containsSubsequence("-jar", home.resolve("services/sum/target/sum.jar").toString(),
                                                      "--port", String.valueOf(plan.training().appPort()));
    }

    @Test
    void aDirectoryOfJarsServesAsHome() throws IOException {
        final Path jar = touch("sidecar.jar", Instant.now());
        final MeshPlan plan = plan(List.of());
        assertThat(plan.jar("sidecar", "sidecar")).isEqualTo(jar);
        assertThat(plan.sidecarJvmOptions()).isEqualTo(home.resolve("sidecar.jvmopts"));
        assertThat(plan.jar("control-plane", "control-plane"))
                .isEqualTo(home.resolve("control-plane/target/control-plane.jar")); // neither exists: the repository's
    }
}
