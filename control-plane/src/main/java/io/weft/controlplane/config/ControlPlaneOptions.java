package io.weft.controlplane.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import io.weft.controlplane.ControlPlaneConfig;
import io.weft.controlplane.auth.TokenFiles;
import io.weft.controlplane.snapshot.IntentionAction;

/**
 * Every option of {@code control-plane.jar}: its flag, its environment variable, its default and what it
 * does. {@link #parse} applies environment variables first, then flags, then validates.
 */
public final class ControlPlaneOptions {

    /** One option; {@code apply} gets the raw string. */
    record Option(String flag, String env, String defaultValue, String help,
                  BiConsumer<ControlPlaneConfig.Builder, String> apply) {}

    static final List<Option> OPTIONS = List.of(
            new Option("consul", "WEFT_CONSUL", "http://127.0.0.1:8500", "Consul HTTP API address",
                       (b, v) -> b.consulUri(v)),
            new Option("consul-token", "WEFT_CONSUL_TOKEN", "(none)", "Consul ACL token for every query",
                       (b, v) -> b.consulToken(v)),
            new Option("trust-domain", "WEFT_TRUST_DOMAIN", "weft.local", "SPIFFE trust domain of the mesh",
                       (b, v) -> b.trustDomain(v)),
            new Option("datacenter", "WEFT_DATACENTER", "dc1", "datacenter in SPIFFE IDs",
                       (b, v) -> b.datacenter(v)),
            new Option("ca-dir", "WEFT_CA_DIR", ".weft/ca",
                       "CA directory; created with a new CA on first start; sidecars read root.pem from it",
                       (b, v) -> b.caDir(Path.of(v))),
            new Option("stream-port", "WEFT_STREAM_PORT", "15012", "sidecar stream port (TLS); 0 = any free port",
                       (b, v) -> b.streamPort(port("stream-port", v))),
            new Option("http-port", "WEFT_HTTP_PORT", "15014",
                       "status API, /metrics, /healthz, /readyz, /docs; 0 = any free port",
                       (b, v) -> b.httpPort(port("http-port", v))),
            new Option("bind", "WEFT_BIND", "0.0.0.0", "address both ports listen on",
                       (b, v) -> b.bindAddress(v)),
            new Option("server-names", "WEFT_SERVER_NAMES", "(none)",
                       "comma-separated DNS names for the stream's TLS certificate besides localhost",
                       (b, v) -> b.serverDnsNames(List.of(v.split(",")))),
            new Option("leaf-ttl", "WEFT_LEAF_TTL", "24h", "lifetime of sidecar certificates",
                       (b, v) -> b.leafTtl(Durations.parse("leaf-ttl", v))),
            new Option("bootstrap-token", "WEFT_BOOTSTRAP_TOKEN", "(none)",
                       "token every sidecar may present (unless its service has its own)",
                       (b, v) -> b.bootstrapToken(v)),
            new Option("bootstrap-tokens-file", "WEFT_BOOTSTRAP_TOKENS_FILE", "(none)",
                       "file of per-service tokens, one service=token per line",
                       (b, v) -> b.bootstrapTokens(readTokens(v))),
            new Option("default-intention", "WEFT_DEFAULT_INTENTION", "allow",
                       "allow|deny: what applies when no intention matches",
                       (b, v) -> b.defaultIntention(IntentionAction.parse(v))),
            new Option("consul-wait", "WEFT_CONSUL_WAIT", "5m", "wait of Consul blocking queries (<= 9m)",
                       (b, v) -> b.consulWait(Durations.parse("consul-wait", v))),
            new Option("consul-min-interval", "WEFT_CONSUL_MIN_INTERVAL", "500ms",
                       "least time between two queries of one watch",
                       (b, v) -> b.consulMinInterval(Durations.parse("consul-min-interval", v))),
            new Option("keepalive", "WEFT_KEEPALIVE", "15s",
                       "keepalive interval on sidecar streams; silent sidecars are dropped after 3",
                       (b, v) -> b.keepaliveInterval(Durations.parse("keepalive", v))),
            new Option("shutdown-grace", "WEFT_SHUTDOWN_GRACE", "5s", "time given to streams on shutdown",
                       (b, v) -> b.shutdownGrace(Durations.parse("shutdown-grace", v))));

    private ControlPlaneOptions() {}

    /**
     * Builds the config from {@code env} and {@code args}, or returns empty when {@code --help} was asked.
     *
     * @throws IllegalArgumentException naming the bad flag or value
     */
    public static Optional<ControlPlaneConfig> parse(List<String> args, Map<String, String> env) {
        final Map<String, String> values = new LinkedHashMap<>();
        for (Option option : OPTIONS) {
            final String fromEnv = env.get(option.env());
            if (fromEnv != null && !fromEnv.isEmpty()) {
                values.put(option.flag(), fromEnv);
            }
        }
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            if ("--help".equals(arg) || "-h".equals(arg)) {
                return Optional.empty();
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("argument: " + arg + " (expected: --option value; see --help)");
            }
            final int eq = arg.indexOf('=');
            final String flag = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            final Option option = option(flag);
            final String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("--" + flag + ": no value (expected: --" + flag + " <" +
                                                   option.defaultValue() + " or another value>)");
            }
            values.put(option.flag(), value);
        }
        final ControlPlaneConfig.Builder builder = ControlPlaneConfig.builder();
        values.forEach((flag, value) -> option(flag).apply().accept(builder, value));
        return Optional.of(builder.build());
    }

    private static Option option(String flag) {
        return OPTIONS.stream().filter(o -> o.flag().equals(flag)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("--" + flag + ": unknown option (see --help)"));
    }

    /** The {@code --help} text: every option with its environment variable and default. */
    public static String help() {
        final StringBuilder sb = new StringBuilder(
                "Usage: java -jar control-plane.jar [--option value]...\n" +
                "Watches Consul and streams endpoints, intentions and certificates to weft sidecars.\n\n");
        for (Option o : OPTIONS) {
            sb.append(String.format("  --%-24s %s%n  %-26s env %s, default %s%n", o.flag(), o.help(), "",
                                    o.env(), o.defaultValue()));
        }
        sb.append(String.format("  --%-24s %s%n", "help", "print this text"));
        return sb.toString();
    }

    private static int port(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: a port number 0..65535)", e);
        }
    }

    private static Map<String, String> readTokens(String file) {
        try {
            return TokenFiles.read(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("bootstrap-tokens-file: " + file + " cannot be read (" + e + ')', e);
        }
    }
}
