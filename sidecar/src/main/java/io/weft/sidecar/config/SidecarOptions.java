package io.weft.sidecar.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

import io.weft.common.annotation.Nullable;
import io.weft.common.cli.Cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The sidecar's command line: every option with its one default (the {@code defaultValue} here, which
 * {@code --help} prints and {@link SidecarConfig#builder()} starts from). Run through {@link Cli}, so
 * {@code --flag-name} can also be set as {@code WEFT_FLAG_NAME}; precedence flag, environment, default.
 */
@Command(name = "sidecar", sortOptions = false, usageHelpWidth = 120,
         customSynopsis = "java -jar sidecar.jar [--option value]... [-- <app command>...]",
         description = { "Fronts one app instance (or, with --mode gateway, the mesh's edge): mTLS, authorization, " +
                         "balancing, JSON transcoding.",
                         "Every option can also be set as an environment variable WEFT_<OPTION>.",
                         "Durations: 500ms, 30s, 5m, 24h, 7d or ISO-8601 (PT1H30M).",
                         "After --, the app's command: started once the sidecar is ready, stopped (SIGTERM) before the " +
                         "sidecar's outbound listener on SIGTERM/SIGINT/SIGHUP or POST /quitquitquit; the sidecar " +
                         "exits with the app's exit code.", "" })
public final class SidecarOptions implements Callable<Integer> {

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--mode", paramLabel = "<mode>", defaultValue = "sidecar",
            description = "sidecar (in front of an app) or gateway (edge, no app)")
    Mode mode;
    @Option(names = "--service", paramLabel = "<name>", defaultValue = "",
            description = "the service this sidecar fronts (gateway mode: 'gateway')")
    String service;
    @Option(names = "--instance-id", paramLabel = "<id>", defaultValue = "",
            description = "Consul service ID of this instance (empty: <service>-<address>-<port>)")
    String instanceId;
    @Option(names = "--trust-domain", paramLabel = "<domain>", defaultValue = "weft.local",
            description = "the mesh trust domain requested in the CSR's SPIFFE ID")
    String trustDomain;
    @Option(names = "--datacenter", paramLabel = "<dc>", defaultValue = "dc1",
            description = "the datacenter requested in the CSR's SPIFFE ID")
    String datacenter;
    @Option(names = "--control-plane", paramLabel = "<replicas>", defaultValue = "127.0.0.1:15012",
            description = "control plane stream (TLS): host:port[,host:port...], or consul to find the passing "
                          + "weft-control-plane replicas through --consul")
    String controlPlane;
    @Option(names = "--bootstrap-ca-file", paramLabel = "<pem-file>", defaultValue = "",
            description = "PEM file with the root CA that signed the control plane's cert")
    String bootstrapCaFile;
    @Option(names = "--token", paramLabel = "<token>", defaultValue = "",
            description = "bootstrap token proving this sidecar may act for --service (prefer env)")
    String token;

    @Option(names = "--app-host", paramLabel = "<host>", defaultValue = "127.0.0.1",
            description = "address of the local app")
    String appHost;
    @Option(names = "--app-port", paramLabel = "<port>", defaultValue = "0",
            description = "port of the local app (required in sidecar mode)")
    int appPort;
    @Option(names = "--app-protocol", paramLabel = "<protocol>", defaultValue = "grpc",
            description = "grpc or http: how the local app speaks")
    AppProtocol appProtocol;

    @Option(names = "--inbound-relay", paramLabel = "<relay>", defaultValue = "netty",
            description = "netty (Netty relays gRPC and unary JSON to a grpc app, Armeria the rest) or armeria " +
                          "(Armeria only)")
    InboundRelay inboundRelay;
    @Option(names = "--inbound-bind", paramLabel = "<address>", defaultValue = "0.0.0.0",
            description = "inbound (mTLS) listener bind address")
    String inboundBind;
    @Option(names = "--inbound-port", paramLabel = "<port>", defaultValue = "21000",
            description = "inbound (mTLS) listener port; registered in Consul")
    int inboundPort;
    @Option(names = "--outbound-relay", paramLabel = "<relay>", defaultValue = "netty",
            description = "netty (Netty relays gRPC to upstreams without Consul routes, Armeria the rest) or armeria")
    OutboundRelay outboundRelay;
    @Option(names = "--outbound-bind", paramLabel = "<address>", defaultValue = "127.0.0.1",
            description = "outbound (plaintext) listener bind address")
    String outboundBind;
    @Option(names = "--outbound-port", paramLabel = "<port>", defaultValue = "15001",
            description = "outbound listener port")
    int outboundPort;
    @Option(names = "--admin-bind", paramLabel = "<address>", defaultValue = "127.0.0.1",
            description = "admin listener bind address")
    String adminBind;
    @Option(names = "--admin-port", paramLabel = "<port>", defaultValue = "15000",
            description = "admin listener port (/healthz /readyz /metrics /config /certs)")
    int adminPort;
    @Option(names = "--edge-bind", paramLabel = "<address>", defaultValue = "0.0.0.0",
            description = "gateway edge listener bind address")
    String edgeBind;
    @Option(names = "--edge-port", paramLabel = "<port>", defaultValue = "8080",
            description = "gateway edge listener port (plaintext HTTP/1.1 and h2c)")
    int edgePort;

    @Option(names = "--consul", paramLabel = "<url>", defaultValue = "http://127.0.0.1:8500",
            description = "Consul HTTP API address")
    URI consul;
    @Option(names = "--consul-register", paramLabel = "<bool>", defaultValue = "true", arity = "1",
            converter = YesNo.class,
            description = "register this instance in Consul and deregister on exit (true or false)")
    boolean consulRegister;
    @Option(names = "--advertise-address", paramLabel = "<address>", defaultValue = "127.0.0.1",
            description = "address registered in Consul for the inbound port")
    String advertiseAddress;
    @Option(names = "--service-tags", paramLabel = "<tags>", defaultValue = "",
            description = "comma-separated tags registered in Consul with this instance, besides weft's own")
    String serviceTags;
    @Option(names = "--service-meta", paramLabel = "<key=value,...>", defaultValue = "",
            description = "Meta registered in Consul with this instance, e.g. version=v2 (what a "
                          + "service-resolver's subsets select on)")
    String serviceMeta;
    @Option(names = "--upstreams", paramLabel = "<services>", defaultValue = "",
            description = "comma-separated services this sidecar calls (empty: all)")
    String upstreams;
    @Option(names = "--least-request-upstreams", paramLabel = "<services>", defaultValue = "",
            description = "comma-separated upstreams balanced by least request (P2C) instead of weighted round robin")
    String leastRequestUpstreams;
    @Option(names = "--retry-replay-limit", paramLabel = "<bytes>", defaultValue = "65536",
            description = "request body bytes kept to replay a retry until the response starts; a larger body is "
                          + "never retried (64 KiB)")
    int retryReplayLimit;
    @Option(names = "--default-intention", paramLabel = "<policy>", defaultValue = "allow",
            description = "allow or deny when no intention matches and the control plane sent no default")
    IntentionPolicy defaultIntention;

    @Option(names = "--max-request-bytes", paramLabel = "<bytes>", defaultValue = "8388608",
            description = "largest request body; larger gets 413 (8 MiB)")
    long maxRequestBytes;
    @Option(names = "--max-header-bytes", paramLabel = "<bytes>", defaultValue = "16384",
            description = "largest header block per request")
    int maxHeaderBytes;
    @Option(names = "--max-concurrent-streams", paramLabel = "<n>", defaultValue = "1000",
            description = "HTTP/2 concurrent streams per connection")
    long maxConcurrentStreams;
    @Option(names = "--request-timeout", paramLabel = "<duration>", defaultValue = "15s",
            description = "per-request deadline end to end (a smaller grpc-timeout wins)")
    Duration requestTimeout;
    @Option(names = "--connect-timeout", paramLabel = "<duration>", defaultValue = "3s",
            description = "upstream connect timeout")
    Duration connectTimeout;
    @Option(names = "--idle-timeout", paramLabel = "<duration>", defaultValue = "5m",
            description = "close a connection (listener or upstream) after this long with no request in flight")
    Duration idleTimeout;
    @Option(names = "--event-loops", paramLabel = "<n>", defaultValue = "1",
            description = "I/O threads shared by all listeners and upstreams; one keeps a request on one thread")
    int eventLoops;
    @Option(names = "--shutdown-grace", paramLabel = "<duration>", defaultValue = "10s",
            description = "on SIGTERM, how long in-flight requests, and then an app started after --, may finish")
    Duration shutdownGrace;
    @Option(names = "--keepalive-interval", paramLabel = "<duration>", defaultValue = "15s",
            description = "keepalive period on the control plane stream")
    Duration keepaliveInterval;
    @Option(names = "--reconnect-min-backoff", paramLabel = "<duration>", defaultValue = "200ms",
            description = "first reconnect delay (doubles, with jitter)")
    Duration reconnectMinBackoff;
    @Option(names = "--reconnect-max-backoff", paramLabel = "<duration>", defaultValue = "30s",
            description = "largest reconnect delay")
    Duration reconnectMaxBackoff;

    @Option(names = "--zipkin", paramLabel = "<url>", defaultValue = "",
            description = "Zipkin server to send spans to, e.g. http://127.0.0.1:9411 (empty: no tracing)")
    String zipkin;
    @Option(names = "--trace-sampling", paramLabel = "<0..1>", defaultValue = "0.01",
            description = "share of new traces sampled when the caller sent no decision (0.01: one in a hundred)")
    double traceSampling;
    @Option(names = "--access-log", paramLabel = "<target>", defaultValue = "off",
            description = "off, stdout or a file: one JSON line per request and hop")
    String accessLog;

    @Parameters(paramLabel = "<app command>", arity = "0..*", hidden = true)
    List<String> appCommand = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** What the binary does with the validated options. */
    @FunctionalInterface
    public interface Main {
        /** Runs the sidecar, and the app of {@code appCommand} unless it is empty; returns the exit code. */
        int run(SidecarConfig config, List<String> appCommand);
    }

    private final Main main;

    /** Options that only parse: for tests, {@code --help} and the defaults of {@link SidecarConfig#builder()}. */
    public SidecarOptions() {
        this(config -> 0);
    }

    /** Options that, run by {@link Cli#run}, hand the validated config to {@code main} for the exit code. */
    public SidecarOptions(ToIntFunction<SidecarConfig> main) {
        this((config, appCommand) -> main.applyAsInt(config));
    }

    /** Options that, run by {@link Cli#run}, hand the config and the app command (after --) to {@code main}. */
    public SidecarOptions(Main main) {
        this.main = main;
    }

    /**
     * Parses {@code args} over {@code env} into a validated config.
     *
     * @throws IllegalArgumentException naming the option, the value and what was expected
     */
    public static SidecarConfig parse(List<String> args, Map<String, String> env) {
        return Cli.parse(new SidecarOptions(), args, env).toConfig();
    }

    /** A builder holding every default: the options as parsed from nothing (once; each call a new builder). */
    static SidecarConfig.Builder defaults() {
        return Defaults.VALUES.toBuilder();
    }

    /** Parsed on first use only: building a picocli command line per {@code SidecarConfig.builder()} is waste. */
    private static final class Defaults {
        static final SidecarOptions VALUES = Cli.parse(new SidecarOptions(), List.of(), Map.of());
    }

    @Override
    public Integer call() {
        final SidecarConfig config = toConfig();
        if (!appCommand.isEmpty()) {
            if (!spec.commandLine().getParseResult().originalArgs().contains("--")) {
                throw new IllegalArgumentException("unexpected argument '" + appCommand.get(0) +
                                                   "' (expected: options, then -- and the app's command)");
            }
            if (config.mode() != Mode.SIDECAR) {
                throw new IllegalArgumentException("-- " + appCommand.get(0) + ": --mode " + config.mode().name().toLowerCase(Locale.ROOT) +
                                                   " fronts no app (expected: no app command)");
            }
        }
        return main.run(config, List.copyOf(appCommand));
    }

    /** The validated config; throws {@link IllegalArgumentException} naming the first bad value. */
    public SidecarConfig toConfig() {
        return toBuilder().build();
    }

    private SidecarConfig.Builder toBuilder() {
        final SidecarConfig.Builder b = new SidecarConfig.Builder();
        b.mode(mode).service(emptyToNull(service)).instanceId(emptyToNull(instanceId))
         .trustDomain(trustDomain).datacenter(datacenter).controlPlaneAddress(controlPlane)
         .bootstrapCaFile(bootstrapCaFile.isEmpty() ? null : Path.of(bootstrapCaFile)).token(emptyToNull(token))
         .appHost(appHost).appPort(appPort).appProtocol(appProtocol)
         .inboundRelay(inboundRelay).inbound(inboundBind, inboundPort).outboundRelay(outboundRelay).outbound(outboundBind, outboundPort)
         .admin(adminBind, adminPort).edge(edgeBind, edgePort)
         .consulUri(consul).consulRegister(consulRegister).advertiseAddress(advertiseAddress)
         .labels(ServiceLabels.parse(list(serviceTags), list(serviceMeta)))
         .upstreams(list(upstreams)).leastRequestUpstreams(list(leastRequestUpstreams))
         .retryReplayLimit(retryReplayLimit)
         .defaultIntentionPolicy(defaultIntention)
         .maxRequestBytes(maxRequestBytes).maxHeaderBytes(maxHeaderBytes).maxConcurrentStreams(maxConcurrentStreams)
         .requestTimeout(requestTimeout).connectTimeout(connectTimeout).idleTimeout(idleTimeout)
         .eventLoops(eventLoops).shutdownGrace(shutdownGrace).keepaliveInterval(keepaliveInterval)
         .reconnectBackoff(reconnectMinBackoff, reconnectMaxBackoff)
         .observability(traceSampling, zipkinUri(zipkin), accessLog.trim());
        return b;
    }

    @Nullable
    private static URI zipkinUri(String value) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("zipkin: '" + value + "' (expected: http://host:9411)", e);
        }
    }

    @Nullable
    private static String emptyToNull(String value) {
        return value.isBlank() ? null : value;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A boolean as people write it in env files: true/yes/on/1 or false/no/off/0. */
    static final class YesNo implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new TypeConversionException("'" + value + "' (expected: true or false)");
            };
        }
    }
}
