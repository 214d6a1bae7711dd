package io.weft.devmesh.launcher;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code up}: the options of {@code ./weft up}, turned into {@link UpOptions} and handed to
 * {@link MeshRunner}. The defaults written here are the only ones; field initializers are placeholders
 * that picocli always replaces (flag, then {@code WEFT_<OPTION>}, then {@code defaultValue}).
 */
@Command(name = "up", sortOptions = false,
         description = { "Runs the whole mesh locally (Consul, control plane(s), sum x2, hello, gateway) in the "
                         + "foreground; Ctrl-C stops everything.",
                         "With --detach (./weft up -d) it runs in the background (logs in .weft/logs/); "
                         + "stop it with `down`.",
                         "CONSUL_HTTP_ADDR, when set, is the Consul --consul auto uses." })
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "the gateway's edge port on 127.0.0.1")
    int port;

    @Option(names = "--consul", paramLabel = "auto|standin|real|URL", defaultValue = "auto",
            description = "auto: CONSUL_HTTP_ADDR, else `consul` on PATH, else the stand-in; standin; real "
                          + "(`consul agent -dev`); or the URL of a running Consul")
    String consul = "";

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "180s",
            description = "how long everything may take to become ready")
    Duration timeout = Duration.ZERO;

    @Option(names = "--leaf-ttl", paramLabel = "DURATION",
            description = "leaf certificate lifetime handed to the control plane (unset: its own default)")
    @Nullable
    Duration leafTtl;

    @Option(names = "--control-planes", paramLabel = "N", defaultValue = "1",
            description = "control-plane replicas sharing the CA; with 2 or more, sidecars find them through "
                          + "Consul and fail over between them")
    int controlPlanes = 1;

    @Option(names = "--java-opts", paramLabel = "OPTIONS",
            defaultValue = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k",
            description = "JVM options for the Consul stand-in, the control plane and the apps")
    String javaOpts = "";

    @Option(names = "--sidecar-java-opts", paramLabel = "OPTIONS", defaultValue = "",
            description = "JVM options for sidecars and the gateway, after the recommended ones in "
                          + "sidecar/target/sidecar.jvmopts (a later option wins)")
    String sidecarJavaOpts = "";

    @Option(names = "--home", paramLabel = "DIR",
            description = "the repository holding the fat jars, or a directory of jars (unset: the one "
                          + "devmesh.jar was built in)")
    @Nullable
    Path home;

    @Option(names = "--tracing",
            description = "also run a Zipkin server (devmesh/target/zipkin-server.jar) and trace every request to it")
    boolean tracing;

    @Option(names = { "-d", "--detach" }, description = "run in the background; `down` stops it")
    boolean detach;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws InterruptedException {
        final Terminal t = common.terminal();
        final Map<String, String> env = t.env();
        return new MeshRunner(options(env, name -> which(env, name)), detach, t.out()).run();
    }

    /**
     * The validated options.
     *
     * @param whichConsul finds an executable on PATH by name; empty when absent
     * @throws IllegalArgumentException naming the option, its value and what was expected
     */
    UpOptions options(Map<String, String> env, Function<String, Optional<Path>> whichConsul) {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final Path repository = (home != null ? home : defaultHome()).toAbsolutePath().normalize();
        return new UpOptions(port, common.stateDir(), repository,
                             ConsulChoice.decide(consul, env, whichConsul), timeout, Optional.ofNullable(leafTtl),
                             words(javaOpts), words(sidecarJavaOpts), java, controlPlanes, tracing);
    }

    private static List<String> words(String options) {
        final String trimmed = options.trim();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    /**
     * The repository root when devmesh.jar lives in {@code <root>/devmesh/target/}; otherwise the directory
     * holding devmesh.jar, a directory of jars (the image's {@code /opt/weft}).
     */
    static Path defaultHome() {
        try {
            final Path jar = Path.of(UpCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Path target = jar.getParent();
            if (target != null && target.getFileName() != null && "target".equals(target.getFileName().toString())
                && target.getParent() != null && target.getParent().getParent() != null) {
                return target.getParent().getParent();
            }
            if (target != null) {
                return target;
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through: the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    private static Optional<Path> which(Map<String, String> env, String name) {
        final String path = env.get("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                     .filter(dir -> !dir.isEmpty())
                     .map(dir -> Path.of(dir, name))
                     .filter(Files::isExecutable)
                     .findFirst();
    }
}
