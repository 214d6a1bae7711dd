package io.weft.devmesh.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code ./weft up} was asked to do. Built only by {@link #parse}, which validates every value.
 *
 * @param gatewayPort the gateway's edge port on 127.0.0.1 (default 8080)
 * @param stateDir where run.json, logs and the demo CA live (default {@code .weft})
 * @param home the repository root holding the fat jars
 * @param consul which Consul to use
 * @param timeout how long to wait for everything to become ready (default 180 s)
 * @param leafTtl leaf certificate lifetime handed to the control plane; empty = its default
 * @param javaOptions JVM options for every child JVM ({@code WEFT_JAVA_OPTS})
 * @param javaCommand the {@code java} executable children run with
 */
public record UpOptions(int gatewayPort, Path stateDir, Path home, ConsulChoice consul, Duration timeout,
                        Optional<Duration> leafTtl, List<String> javaOptions, String javaCommand) {

    static final String DEFAULT_JAVA_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k";

    public UpOptions {
        if (gatewayPort < 1 || gatewayPort > 65535) {
            throw new IllegalArgumentException("--port: " + gatewayPort + " (expected: 1..65535)");
        }
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(consul, "consul");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout: " + timeout + " (expected: > 0)");
        }
        leafTtl.ifPresent(ttl -> {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("--leaf-ttl: " + ttl + " (expected: > 0)");
            }
        });
        javaOptions = List.copyOf(javaOptions);
    }

    /**
     * Turns {@code up}'s flags and the environment into options.
     *
     * @param whichConsul finds an executable on PATH by name; empty when absent
     */
    static UpOptions parse(List<String> args, Map<String, String> env, Path defaultHome,
                           java.util.function.Function<String, Optional<Path>> whichConsul) {
        int port = 8080;
        Path stateDir = Path.of(".weft");
        Path home = defaultHome;
        String consul = "auto";
        Duration timeout = Duration.ofSeconds(180);
        Optional<Duration> leafTtl = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            switch (arg) {
                case "--port" -> port = parseInt(arg, value(args, ++i, arg));
                case "--state-dir" -> stateDir = Path.of(value(args, ++i, arg));
                case "--home" -> home = Path.of(value(args, ++i, arg));
                case "--consul" -> consul = value(args, ++i, arg);
                case "--timeout" -> timeout = Durations.parse(arg, value(args, ++i, arg));
                case "--leaf-ttl" -> leafTtl = Optional.of(Durations.parse(arg, value(args, ++i, arg)));
                default -> throw new IllegalArgumentException(
                        "unknown option for up: " + arg + " (expected: --port, --state-dir, --home, "
                        + "--consul, --timeout, --leaf-ttl)");
            }
        }
        final String javaOpts = env.getOrDefault("WEFT_JAVA_OPTS", DEFAULT_JAVA_OPTIONS).trim();
        final List<String> javaOptions = javaOpts.isEmpty() ? List.of() : List.of(javaOpts.split("\\s+"));
        final String java = ProcessHandle.current().info().command().orElse("java");
        return new UpOptions(port, stateDir.toAbsolutePath().normalize(), home.toAbsolutePath().normalize(),
                             ConsulChoice.decide(consul, env, whichConsul), timeout, leafTtl,
                             new ArrayList<>(javaOptions), java);
    }

    static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + ": missing value");
        }
        return args.get(i);
    }

    static int parseInt(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": " + value + " (expected: a number)");
        }
    }
}
