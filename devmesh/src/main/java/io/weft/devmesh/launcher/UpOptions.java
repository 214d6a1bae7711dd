package io.weft.devmesh.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.weft.common.cli.Durations;

/**
 * What {@code ./weft up} was asked to do, validated. {@link UpCommand} builds it from the command line
 * and holds the defaults.
 *
 * @param gatewayPort the gateway's edge port on 127.0.0.1
 * @param stateDir where run.json, logs and the demo CA live
 * @param home the repository root holding the fat jars
 * @param consul which Consul to use
 * @param timeout how long to wait for everything to become ready
 * @param leafTtl leaf certificate lifetime handed to the control plane; empty = its default
 * @param javaOptions JVM options for the child JVMs other than sidecars ({@code --java-opts},
 *                    {@code WEFT_JAVA_OPTS})
 * @param sidecarJavaOptions JVM options for sidecars and the gateway, after their recommended ones
 *                           ({@code --sidecar-java-opts}, {@code WEFT_SIDECAR_JAVA_OPTS})
 * @param javaCommand the {@code java} executable children run with
 * @param controlPlanes how many control-plane replicas run, sharing the CA directory; with more than one,
 *                      sidecars find them through Consul ({@code --control-plane consul})
 * @param tracing also run a Zipkin server and have every sidecar send it all its spans
 */
public record UpOptions(int gatewayPort, Path stateDir, Path home, ConsulChoice consul, Duration timeout,
                        Optional<Duration> leafTtl, List<String> javaOptions, List<String> sidecarJavaOptions,
                        String javaCommand, int controlPlanes, boolean tracing) {

    public UpOptions {
        if (gatewayPort < 1 || gatewayPort > 65535) {
            throw new IllegalArgumentException("--port: " + gatewayPort + " (expected: 1..65535)");
        }
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(consul, "consul");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout: " + Durations.format(timeout) + " (expected: > 0)");
        }
        leafTtl.ifPresent(ttl -> {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("--leaf-ttl: " + Durations.format(ttl) + " (expected: > 0)");
            }
        });
        if (controlPlanes < 1 || controlPlanes > 9) {
            throw new IllegalArgumentException("--control-planes: " + controlPlanes + " (expected: 1..9)");
        }
        javaOptions = List.copyOf(javaOptions);
        sidecarJavaOptions = List.copyOf(sidecarJavaOptions);
    }
}
