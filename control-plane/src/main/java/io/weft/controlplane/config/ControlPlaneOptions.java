package io.weft.controlplane.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

import io.weft.common.annotation.Nullable;
import io.weft.common.cli.Cli;

import io.weft.controlplane.ControlPlaneConfig;
import io.weft.controlplane.auth.TokenFiles;
import io.weft.controlplane.snapshot.IntentionAction;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every option of {@code control-plane.jar}, and the one place its defaults are written: each
 * {@code defaultValue} below is what {@code --help} shows and what {@link ControlPlaneConfig#builder()}
 * starts from. Run through {@link Cli}, so {@code --leaf-ttl} is also {@code WEFT_LEAF_TTL} (flag, then
 * environment, then default) and durations read as {@code 500ms}, {@code 15s}, {@code 24h}, {@code 7d} or
 * ISO-8601.
 */
@Command(name = "control-plane",
         customSynopsis = "java -jar control-plane.jar [--option value]...",
         description = "Watches Consul and streams endpoints, intentions and certificates to weft sidecars.%n",
         sortOptions = false)
public final class ControlPlaneOptions implements Callable<Integer> {

    /** The defaults alone: no flag, no environment. */
    private static final class Defaults {
        static final ControlPlaneOptions VALUES =
                Cli.parse(new ControlPlaneOptions(config -> 0), List.of(), Map.of());
    }

    @Option(names = "--consul", paramLabel = "<url>", defaultValue = "http://127.0.0.1:8500",
            description = "Consul HTTP API address")
    private URI consul;

    @Option(names = "--consul-token", paramLabel = "<token>", description = "Consul ACL token for every query")
    @Nullable
    private String consulToken;

    @Option(names = "--trust-domain", paramLabel = "<name>", defaultValue = "weft.local",
            description = "SPIFFE trust domain of the mesh")
    private String trustDomain;

    @Option(names = "--datacenter", paramLabel = "<name>", defaultValue = "dc1",
            description = "datacenter in SPIFFE IDs")
    private String datacenter;

    @Option(names = "--ca-dir", paramLabel = "<dir>", defaultValue = ".weft/ca",
            description = "CA directory; created with a new CA on first start; sidecars read root.pem from it")
    private Path caDir;

    @Option(names = "--stream-port", paramLabel = "<port>", defaultValue = "15012",
            description = "sidecar stream port (TLS); 0 = any free port")
    private int streamPort;

    @Option(names = "--http-port", paramLabel = "<port>", defaultValue = "15014",
            description = "status API, /metrics, /healthz, /readyz, /docs; 0 = any free port")
    private int httpPort;

    @Option(names = "--bind", paramLabel = "<address>", defaultValue = "0.0.0.0",
            description = "address both ports listen on")
    private String bind;

    @Option(names = "--advertise-address", paramLabel = "<address>", defaultValue = "127.0.0.1",
            description = "address this replica registers in Consul, where sidecars and Consul's check reach it")
    private String advertiseAddress;

    @Option(names = "--replica-id", paramLabel = "<id>", defaultValue = "",
            description = "this replica's Consul service ID (empty: weft-control-plane-<address>-<stream port>)")
    private String replicaId;

    @Option(names = "--consul-register", paramLabel = "<bool>", defaultValue = "true", arity = "1",
            description = "register this replica in Consul as weft-control-plane, checked on /readyz, and "
                          + "deregister on exit (true or false)")
    private boolean consulRegister;

    @Option(names = "--server-names", paramLabel = "<name>[,<name>...]", hideParamSyntax = true,
            split = ",",
            description = "DNS names for the stream's TLS certificate besides localhost")
    private List<String> serverNames = new ArrayList<>();

    @Option(names = "--leaf-ttl", paramLabel = "<duration>", defaultValue = "24h",
            description = "lifetime of sidecar certificates")
    private Duration leafTtl;

    @Option(names = "--bootstrap-token", paramLabel = "<token>",
            description = "token every sidecar may present (unless its service has its own)")
    @Nullable
    private String bootstrapToken;

    @Option(names = "--bootstrap-tokens-file", paramLabel = "<file>",
            description = "file of per-service tokens, one service=token per line")
    @Nullable
    private Path bootstrapTokensFile;

    @Option(names = "--default-intention", paramLabel = "allow|deny", defaultValue = "allow",
            description = "what applies when no intention matches")
    private IntentionAction defaultIntention;

    @Option(names = "--consul-wait", paramLabel = "<duration>", defaultValue = "5m",
            description = "wait of Consul blocking queries (<= 9m)")
    private Duration consulWait;

    @Option(names = "--consul-min-interval", paramLabel = "<duration>", defaultValue = "500ms",
            description = "least time between two queries of one watch")
    private Duration consulMinInterval;

    @Option(names = "--keepalive-interval", paramLabel = "<duration>", defaultValue = "15s",
            description = "keepalive interval on sidecar streams; silent sidecars are dropped after 3")
    private Duration keepaliveInterval;

    @Option(names = "--traffic-interval", paramLabel = "<duration>", defaultValue = "5s",
            description = "how often sidecars send traffic summaries (1s..30s; /api/v1/traffic)")
    private Duration trafficInterval;

    @Option(names = "--shutdown-grace", paramLabel = "<duration>", defaultValue = "5s",
            description = "time given to streams on shutdown")
    private Duration shutdownGrace;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "print this text")
    private boolean help;

    private final ToIntFunction<ControlPlaneConfig> run;

    /**
     * @param run what to do with the configuration the command line describes; its result is the exit code
     */
    public ControlPlaneOptions(ToIntFunction<ControlPlaneConfig> run) {
        this.run = requireNonNull(run, "run");
    }

    /**
     * Writes the default of every option into {@code builder}; {@link ControlPlaneConfig#builder()} starts
     * from here, so the defaults exist only in the annotations above.
     */
    public static void applyDefaults(ControlPlaneConfig.Builder builder) {
        Defaults.VALUES.applyTo(builder);
    }

    /**
     * The configuration these options describe, validated.
     *
     * @throws IllegalArgumentException naming the bad value and what was expected
     */
    public ControlPlaneConfig toConfig() {
        final ControlPlaneConfig.Builder builder = ControlPlaneConfig.builder();
        applyTo(builder);
        return builder.build();
    }

    @Override
    public Integer call() {
        return run.applyAsInt(toConfig());
    }

    private void applyTo(ControlPlaneConfig.Builder b) {
        b.consulUri(consul).consulToken(consulToken).trustDomain(trustDomain).datacenter(datacenter)
         .caDir(caDir).streamPort(streamPort).httpPort(httpPort).bindAddress(bind).serverDnsNames(serverNames)
         .advertiseAddress(advertiseAddress).replicaId(replicaId).consulRegister(consulRegister)
         .leafTtl(leafTtl).bootstrapToken(bootstrapToken).defaultIntention(defaultIntention)
         .consulWait(consulWait).consulMinInterval(consulMinInterval).keepaliveInterval(keepaliveInterval)
         .trafficInterval(trafficInterval).shutdownGrace(shutdownGrace);
        if (bootstrapTokensFile != null) {
            b.bootstrapTokens(readTokens(bootstrapTokensFile));
        }
    }

    private static Map<String, String> readTokens(Path file) {
        try {
            return TokenFiles.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--bootstrap-tokens-file: " + file + " cannot be read (" + e +
                                               "; expected: a readable file of service=token lines)", e);
        }
    }
}
