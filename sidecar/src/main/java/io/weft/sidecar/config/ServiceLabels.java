package io.weft.sidecar.config;

import static io.weft.sidecar.config.SidecarConfig.Validation.require;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tags and {@code Meta} an operator adds to this instance's Consul registration, next to weft's own
 * ({@code weft} tag, {@code weft-*} keys). They are what Consul's resolver subsets select on
 * ({@code Service.Meta.version == v2}), so they are checked here with Consul's own rules rather than turned
 * into a 400 from the agent at start-up.
 */
public record ServiceLabels(List<String> tags, Map<String, String> meta) {

    /** Consul's limits ({@code agent/structs}: {@code metaMaxKeyPairs}, {@code metaKeyMaxLength}, ...). */
    static final int MAX_PAIRS = 64;
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 512;
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9_-]+");

    public static final ServiceLabels NONE = new ServiceLabels(List.of(), Map.of());

    public ServiceLabels {
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
    }

    /**
     * Reads {@code --service-tags a,b} and {@code --service-meta version=v2,zone=a}; throws
     * {@link IllegalArgumentException} naming the option and the bad entry.
     */
    public static ServiceLabels parse(List<String> tags, List<String> metaPairs) {
        for (String tag : tags) {
            require(!tag.equals("weft"), "service-tags: 'weft' (expected: your own tags; weft adds this one itself)");
        }
        final Map<String, String> meta = new LinkedHashMap<>();
        for (String pair : metaPairs) {
            final int eq = pair.indexOf('=');
            require(eq > 0, "service-meta: '" + pair + "' (expected: key=value, e.g. version=v2)");
            final String key = pair.substring(0, eq).strip();
            final String value = pair.substring(eq + 1).strip();
            require(KEY.matcher(key).matches(),
                    "service-meta: key '" + key + "' (expected: letters, digits, '-' and '_' only, as Consul requires)");
            require(key.length() <= MAX_KEY_LENGTH,
                    "service-meta: key '" + key + "' is longer than " + MAX_KEY_LENGTH + " characters");
            require(value.length() <= MAX_VALUE_LENGTH,
                    "service-meta: the value of '" + key + "' is longer than " + MAX_VALUE_LENGTH + " characters");
            require(!key.startsWith("consul-"),
                    "service-meta: key '" + key + "' (the prefix 'consul-' is reserved for Consul's internal use)");
            require(!key.startsWith("weft-"),
                    "service-meta: key '" + key + "' (the prefix 'weft-' is reserved for weft's own keys)");
            require(meta.put(key, value) == null, "service-meta: key '" + key + "' given twice");
        }
        require(meta.size() <= MAX_PAIRS,
                "service-meta: " + meta.size() + " keys (expected: at most " + MAX_PAIRS + ", as Consul allows)");
        return new ServiceLabels(tags, meta);
    }
}
