package io.weft.sidecar.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The one place where flags and environment variables become a {@link SidecarConfig}: every option
 * with its flag, environment variable, default and description. Precedence: flag, then environment
 * ({@code WEFT_<NAME>}), then the default listed here.
 */
public final class ConfigOptions {

    /** One option: {@code --name value} or {@code --name=value}, or env {@code WEFT_NAME}. */
    record Option(String name, String defaultValue, String description,
                  BiConsumer<SidecarConfig.Builder, String> apply) {
        String env() {
            return "WEFT_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }

    static final List<Option> OPTIONS = List.of(
            new Option("mode", "sidecar", "sidecar (in front of an app) or gateway (edge, no app)",
                       (b, v) -> b.mode(SidecarConfig.Validation.parseEnum(Mode.class, "mode", v))),
            new Option("service", "", "the service this sidecar fronts (gateway mode: 'gateway')",
                       SidecarConfig.Builder::service),
            new Option("instance-id", "", "Consul service ID of this instance (empty: <service>-<address>-<port>)",
                       SidecarConfig.Builder::instanceId),
            new Option("trust-domain", "weft.local", "the mesh trust domain requested in the CSR's SPIFFE ID",
                       SidecarConfig.Builder::trustDomain),
            new Option("datacenter", "dc1", "the datacenter requested in the CSR's SPIFFE ID",
                       SidecarConfig.Builder::datacenter),
            new Option("control-plane", "127.0.0.1:15012", "control plane stream address host:port (TLS)",
                       SidecarConfig.Builder::controlPlaneAddress),
            new Option("bootstrap-ca-file", "", "PEM file with the root CA that signed the control plane's cert",
                       (b, v) -> b.bootstrapCaFile(v.isEmpty() ? null : Path.of(v))),
            new Option("token", "", "bootstrap token proving this sidecar may act for --service (prefer env)",
                       SidecarConfig.Builder::token),
            new Option("app-host", "127.0.0.1", "address of the local app", SidecarConfig.Builder::appHost),
            new Option("app-port", "0", "port of the local app (required in sidecar mode)",
                       (b, v) -> b.appPort(parseInt("app-port", v))),
            new Option("app-protocol", "grpc", "grpc or http: how the local app speaks",
                       (b, v) -> b.appProtocol(AppProtocol.parse(v))),
            new Option("inbound-bind", "0.0.0.0", "inbound (mTLS) listener bind address",
                       (b, v) -> b.inboundBind = v),
            new Option("inbound-port", "21000", "inbound (mTLS) listener port; registered in Consul",
                       (b, v) -> b.inboundPort = parseInt("inbound-port", v)),
            new Option("outbound-bind", "127.0.0.1", "outbound (plaintext) listener bind address",
                       (b, v) -> b.outboundBind = v),
            new Option("outbound-port", "15001", "outbound listener port",
                       (b, v) -> b.outboundPort = parseInt("outbound-port", v)),
            new Option("admin-bind", "127.0.0.1", "admin listener bind address", (b, v) -> b.adminBind = v),
            new Option("admin-port", "15000", "admin listener port (/healthz /readyz /metrics /config /certs)",
                       (b, v) -> b.adminPort = parseInt("admin-port", v)),
            new Option("edge-bind", "0.0.0.0", "gateway edge listener bind address", (b, v) -> b.edgeBind = v),
            new Option("edge-port", "8080", "gateway edge listener port (plaintext HTTP/1.1 and h2c)",
                       (b, v) -> b.edgePort = parseInt("edge-port", v)),
            new Option("consul", "http://127.0.0.1:8500", "Consul HTTP API address",
                       (b, v) -> b.consulUri(parseUri("consul", v))),
            new Option("consul-register", "true", "register this instance in Consul and deregister on exit",
                       (b, v) -> b.consulRegister(parseBoolean("consul-register", v))),
            new Option("advertise-address", "127.0.0.1", "address registered in Consul for the inbound port",
                       SidecarConfig.Builder::advertiseAddress),
            new Option("upstreams", "", "comma-separated services this sidecar calls (empty: all)",
                       (b, v) -> b.upstreams(parseList(v))),
            new Option("least-request-upstreams", "",
                       "comma-separated upstreams balanced by least request (P2C) instead of weighted round robin",
                       (b, v) -> b.leastRequestUpstreams(parseList(v))),
            new Option("default-intention-policy", "allow",
                       "allow or deny when no intention matches and the control plane sent no default",
                       (b, v) -> b.defaultIntentionPolicy(
                               SidecarConfig.Validation.parseEnum(IntentionPolicy.class,
                                                                  "default-intention-policy", v))),
            new Option("max-request-bytes", "8388608", "largest request body; larger gets 413 (8 MiB)",
                       (b, v) -> b.maxRequestBytes(parseLong("max-request-bytes", v))),
            new Option("max-header-bytes", "16384", "largest header block per request",
                       (b, v) -> b.maxHeaderBytes(parseInt("max-header-bytes", v))),
            new Option("max-concurrent-streams", "1000", "HTTP/2 concurrent streams per connection",
                       (b, v) -> b.maxConcurrentStreams(parseLong("max-concurrent-streams", v))),
            new Option("request-timeout", "PT15S", "per-request timeout (ISO-8601 or 15s/500ms)",
                       (b, v) -> b.requestTimeout(parseDuration("request-timeout", v))),
            new Option("connect-timeout", "PT3S", "upstream connect timeout",
                       (b, v) -> b.connectTimeout(parseDuration("connect-timeout", v))),
            new Option("idle-timeout", "PT5M",
                       "close a connection (listener or upstream) after this long with no request in flight",
                       (b, v) -> b.idleTimeout(parseDuration("idle-timeout", v))),
            new Option("event-loops", "1",
                       "I/O threads shared by every listener and upstream connection; one keeps a request on one thread",
                       (b, v) -> b.eventLoops(parseInt("event-loops", v))),
            new Option("grace-period", "PT10S", "on SIGTERM, how long in-flight requests may finish",
                       (b, v) -> b.gracePeriod(parseDuration("grace-period", v))),
            new Option("keepalive-interval", "PT15S", "keepalive period on the control plane stream",
                       (b, v) -> b.keepaliveInterval(parseDuration("keepalive-interval", v))),
            new Option("reconnect-min-backoff", "PT0.2S", "first reconnect delay (doubles, with jitter)",
                       (b, v) -> b.reconnectMinBackoff = parseDuration("reconnect-min-backoff", v)),
            new Option("reconnect-max-backoff", "PT30S", "largest reconnect delay",
                       (b, v) -> b.reconnectMaxBackoff = parseDuration("reconnect-max-backoff", v)));

    /** Parses {@code args} over {@code env}; throws {@link IllegalArgumentException} naming the problem. */
    public static SidecarConfig parse(List<String> args, Map<String, String> env) {
        final SidecarConfig.Builder builder = SidecarConfig.builder();
        for (Option option : OPTIONS) {
            final String value = env.get(option.env());
            if (value != null) {
                option.apply().accept(builder, value);
            }
        }
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: '" + arg + "' (expected: --option value)");
            }
            final int eq = arg.indexOf('=');
            final String name = eq > 0 ? arg.substring(2, eq) : arg.substring(2);
            final String value;
            if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("--" + name + ": missing value");
            }
            find(name).apply().accept(builder, value);
        }
        return builder.build();
    }

    /** The {@code --help} text: every option with its environment variable and default. */
    public static String help() {
        final StringBuilder out = new StringBuilder(
                "Usage: java -jar sidecar.jar [--option value]...\n" +
                "Every option can also be set as an environment variable WEFT_<OPTION>.\n\nOptions:\n");
        for (Option o : OPTIONS) {
            out.append(String.format("  --%-26s %s%n  %-28s env %s, default: %s%n", o.name(), o.description(),
                                     "", o.env(), o.defaultValue().isEmpty() ? "(none)" : o.defaultValue()));
        }
        return out.toString();
    }

    static void applyDefaults(SidecarConfig.Builder builder) {
        for (Option option : OPTIONS) {
            option.apply().accept(builder, option.defaultValue());
        }
        builder.service(null).token(null).instanceId(null);
    }

    private static Option find(String name) {
        return OPTIONS.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown option: --" + name + " (see --help)"));
    }

    static List<String> parseList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' (expected: an integer)", e);
        }
    }

    static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' (expected: an integer)", e);
        }
    }

    static boolean parseBoolean(String option, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(option + ": '" + value + "' (expected: true or false)");
        };
    }

    static URI parseUri(String option, String value) {
        try {
            return URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' (expected: a URI)", e);
        }
    }

    /** Accepts ISO-8601 ({@code PT15S}) and the short forms {@code 15s}, {@code 500ms}, {@code 2m}. */
    static Duration parseDuration(String option, String value) {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            final long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' (expected: a duration like 15s or PT15S)",
                                               e);
        }
    }

    private ConfigOptions() {}
}
