package io.weft.devmesh.consul.catalog;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.weft.common.consul.GoDuration;
import io.weft.common.filter.Filter;
import io.weft.common.filter.FilterException;

/**
 * Consul's checks of one config entry on its own ({@code Normalize} and {@code Validate} of
 * {@code agent/structs/config_entry*.go}), with its messages. Consul answers these with a 500: they
 * are errors of the RPC behind the HTTP API, not of the request's decoding.
 */
final class ConfigEntryValidation {
    static final List<String> KINDS = List.of("service-defaults", "proxy-defaults", "service-router",
                                              "service-splitter", "service-resolver", IntentionTable.KIND);
    static final String GLOBAL = "global";

    /** The top-level fields of each kind, as Consul's {@code api} structs name them. */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "service-defaults", List.of("Protocol", "Mode", "TransparentProxy", "MutualTLSMode", "MeshGateway",
                                        "Expose", "ExternalSNI", "UpstreamConfig", "Destination",
                                        "MaxInboundConnections", "LocalConnectTimeoutMs",
                                        "LocalRequestTimeoutMs", "BalanceInboundConnections", "RateLimits",
                                        "EnvoyExtensions"),
            "proxy-defaults", List.of("Mode", "TransparentProxy", "MutualTLSMode", "Config", "MeshGateway", "Expose",
                                      "AccessLogs", "EnvoyExtensions", "FailoverPolicy", "PrioritizeByLocality"),
            "service-router", List.of("Routes"),
            "service-splitter", List.of("Splits"),
            "service-resolver", List.of("DefaultSubset", "Subsets", "Redirect", "Failover", "ConnectTimeout",
                                        "RequestTimeout", "PrioritizeByLocality", "LoadBalancer"),
            IntentionTable.KIND, List.of("Sources", "JWT"));
    private static final List<String> COMMON_FIELDS = List.of("Kind", "Name", "Partition", "Namespace", "Meta");
    /** Consul's {@code validSubsetName}: a DNS label. */
    private static final Pattern SUBSET_NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");

    /**
     * Renames top-level keys written in another case or snake_case ({@code "connect_timeout"}) to
     * Consul's names, as its decoder accepts them; nested keys are kept as written.
     */
    static ObjectNode canonicalize(ObjectNode entry, String kind) {
        final ObjectNode out = entry.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> f = it.next();
            out.set(canonicalName(f.getKey(), kind), f.getValue());
        }
        out.put("Kind", kind);
        return out;
    }

    private static String canonicalName(String key, String kind) {
        final String folded = key.replace("_", "").toLowerCase(Locale.ROOT);
        for (String name : COMMON_FIELDS) {
            if (name.toLowerCase(Locale.ROOT).equals(folded)) {
                return name;
            }
        }
        for (String name : FIELDS.get(kind)) {
            if (name.toLowerCase(Locale.ROOT).equals(folded)) {
                return name;
            }
        }
        return key;
    }

    /** Normalizes in place (weights to 0.01, proxy-defaults' name) and validates; a 500 as Consul answers. */
    static void normalizeAndValidate(ObjectNode entry) {
        final String kind = entry.path("Kind").asText();
        if ("proxy-defaults".equals(kind) && entry.path("Name").asText("").isEmpty()) {
            entry.put("Name", GLOBAL);
        }
        final String name = entry.path("Name").asText("");
        if (name.isEmpty()) {
            throw invalid("Name is required");
        }
        switch (kind) {
            case "proxy-defaults" -> {
                if (!GLOBAL.equals(name)) {
                    throw invalid("invalid name (" + GoStrings.quote(name) + "), only " + GoStrings.quote(GLOBAL) +
                                  " is supported");
                }
            }
            case "service-defaults" -> {
                if (entry.hasNonNull("Protocol")) {
                    entry.put("Protocol", entry.get("Protocol").asText().toLowerCase(Locale.ROOT));
                }
            }
            case "service-splitter" -> splitter(entry);
            case "service-resolver" -> resolver(entry);
            case "service-router" -> router(entry);
            case IntentionTable.KIND -> intentions(entry);
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
    }

    private static void splitter(ObjectNode entry) {
        final JsonNode splits = entry.path("Splits");
        if (!splits.isArray() || splits.isEmpty()) {
            throw invalid("no splits configured");
        }
        final Set<String> seen = new HashSet<>();
        long sumScaled = 0;
        for (JsonNode split : splits) {
            final String service = split.path("Service").asText("").isEmpty() ? entry.path("Name").asText()
                                                                             : split.path("Service").asText();
            final String subset = split.path("ServiceSubset").asText("");
            final String namespace = split.path("Namespace").asText("");
            final String partition = split.path("Partition").asText("");
            if (!seen.add(service + '\0' + subset + '\0' + namespace + '\0' + partition)) {
                throw invalid("split destination occurs more than once: service=" + GoStrings.quote(service) +
                              ", subset=" + GoStrings.quote(subset) + ", namespace=" + GoStrings.quote(namespace) +
                              ", partition=" + GoStrings.quote(partition));
            }
            final long scaled = Math.round((double) ((float) split.path("Weight").asDouble(0) * 100f));
            sumScaled += scaled;
            // Consul keeps weights to 0.01 (99.999 becomes 100).
            if (split instanceof ObjectNode o) {
                if (scaled % 100 == 0) {
                    o.put("Weight", scaled / 100);
                } else {
                    o.put("Weight", scaled / 100.0);
                }
            }
        }
        if (sumScaled != 100 * 100) {
            throw invalid("the sum of all split weights must be 100, not " +
                          String.format(Locale.ROOT, "%f", (float) sumScaled / 100));
        }
    }

    private static void resolver(ObjectNode entry) {
        final JsonNode subsets = entry.path("Subsets");
        if (subsets.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = subsets.fields(); it.hasNext();) {
                final Map.Entry<String, JsonNode> s = it.next();
                if (s.getKey().isEmpty()) {
                    throw invalid("Subset defined with empty name");
                }
                if (!SUBSET_NAME.matcher(s.getKey()).matches()) {
                    throw invalid("Subset " + GoStrings.quote(s.getKey()) + " is invalid");
                }
                final String filter = s.getValue().path("Filter").asText("");
                if (!filter.isEmpty()) {
                    try {
                        Filter.parse(filter);
                    } catch (FilterException e) {
                        throw invalid("Bad Subsets[" + GoStrings.quote(s.getKey()) + "].Filter: " + e.getMessage());
                    }
                }
            }
        }
        final String defaultSubset = entry.path("DefaultSubset").asText("");
        if (!defaultSubset.isEmpty() && !subsets.has(defaultSubset)) {
            throw invalid("DefaultSubset " + GoStrings.quote(defaultSubset) + " is not a valid subset");
        }
        final String lb = entry.path("LoadBalancer").path("Policy").asText("");
        if (!lb.isEmpty() && !List.of("random", "round_robin", "least_request", "ring_hash", "maglev").contains(lb)) {
            throw invalid("Bad LoadBalancer policy: " + GoStrings.quote(lb) + " is not supported");
        }
        int i = 0;
        for (JsonNode hp : entry.path("LoadBalancer").path("HashPolicies")) {
            cookieConfig(hp, i++);
        }
    }

    /** Consul's rules for a hash policy's {@code CookieConfig}: only on a cookie, and a session has no TTL. */
    private static void cookieConfig(JsonNode hp, int i) {
        final JsonNode cookie = hp.path("CookieConfig");
        if (!cookie.isObject()) {
            return;
        }
        final String field = hp.path("Field").asText("");
        if (!"cookie".equals(field)) {
            throw invalid("Bad LoadBalancer HashPolicy[" + i + "]: cookie_config provided for " + GoStrings.quote(field));
        }
        final JsonNode ttl = cookie.path("TTL");
        final boolean hasTtl = ttl.isIntegralNumber() ? ttl.asLong() != 0 : hasDuration(ttl.asText(""));
        if (cookie.path("Session").asBoolean(false) && hasTtl) {
            throw invalid("Bad LoadBalancer HashPolicy[" + i + "]: a session cookie cannot have an associated TTL");
        }
    }

    private static void router(ObjectNode entry) {
        int i = 0;
        for (JsonNode route : entry.path("Routes")) {
            final JsonNode http = route.path("Match").path("HTTP");
            int paths = 0;
            for (String p : List.of("PathExact", "PathPrefix", "PathRegex")) {
                if (!http.path(p).asText("").isEmpty()) {
                    paths++;
                }
            }
            if (paths > 1) {
                throw invalid("Route[" + i + "] should only contain at most one of PathExact, PathPrefix, or PathRegex");
            }
            for (String p : List.of("PathExact", "PathPrefix")) {
                final String v = http.path(p).asText("");
                if (!v.isEmpty() && !v.startsWith("/")) {
                    throw invalid("Route[" + i + "] " + p + " doesn't start with '/': " + GoStrings.quote(v));
                }
            }
            i++;
        }
    }

    private static void intentions(ObjectNode entry) {
        final Set<String> seen = new HashSet<>();
        int i = 0;
        for (JsonNode source : entry.path("Sources")) {
            final String name = source.path("Name").asText("");
            if (name.isEmpty()) {
                throw invalid("Sources[" + i + "].Name is required");
            }
            if (!seen.add(name)) {
                throw invalid("Sources[" + i + "].Name " + GoStrings.quote(name) + " is a duplicate");
            }
            final String action = source.path("Action").asText("");
            final JsonNode permissions = source.path("Permissions");
            if (permissions.isArray() && !permissions.isEmpty()) {
                if (!action.isEmpty()) {
                    throw invalid("Sources[" + i + "].Action must be omitted if Permissions are specified");
                }
                int j = 0;
                for (JsonNode p : permissions) {
                    final String pa = p.path("Action").asText("");
                    if (!"allow".equals(pa) && !"deny".equals(pa)) {
                        throw invalid("Sources[" + i + "].Permissions[" + j + "].Action must be set to 'allow' or 'deny'");
                    }
                    if (!p.path("HTTP").isObject()) {
                        throw invalid("Sources[" + i + "].Permissions[" + j + "].HTTP is required");
                    }
                    j++;
                }
            } else if (!"allow".equals(action) && !"deny".equals(action)) {
                throw invalid("Sources[" + i + "].Action must be set to 'allow' or 'deny'");
            }
            i++;
        }
    }

    /** Whether {@code text} is a non-zero Go duration; one that does not parse counts as none here. */
    private static boolean hasDuration(String text) {
        try {
            return !text.isEmpty() && !GoDuration.parse(text).isZero();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ConsulApiException invalid(String message) {
        return new ConsulApiException(500, message);
    }

    private ConfigEntryValidation() {}
}
