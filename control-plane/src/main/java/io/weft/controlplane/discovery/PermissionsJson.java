package io.weft.controlplane.discovery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

import io.weft.controlplane.chain.RouteMatch.HeaderMatch;
import io.weft.controlplane.snapshot.IntentionAction;
import io.weft.controlplane.snapshot.IntentionPermission;

/**
 * Reads an intention's L7 {@code Permissions} and checks them as Consul's {@code ServiceIntentionsConfigEntry}
 * validation does, with its messages ({@code Permissions[1].HTTP should not be empty}). What Consul accepts
 * but weft cannot enforce (a JWT requirement, a regex Java does not compile) is refused here too, so the
 * caller can report it instead of enforcing less than was written.
 */
final class PermissionsJson {
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE");

    private PermissionsJson() {}

    /** Throws {@link IllegalArgumentException} naming the permission and field that is wrong. */
    static List<IntentionPermission> parse(JsonNode permissions) {
        if (!permissions.isArray()) {
            throw new IllegalArgumentException("Permissions: a JSON " + permissions.getNodeType() +
                                               " (expected: an array)");
        }
        final List<IntentionPermission> parsed = new ArrayList<>(permissions.size());
        for (int j = 0; j < permissions.size(); j++) {
            parsed.add(permission(permissions.get(j), "Permissions[" + j + ']'));
        }
        return parsed;
    }

    private static IntentionPermission permission(JsonNode p, String at) {
        final IntentionAction action;
        try {
            action = IntentionAction.parse(text(p, "Action", at));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ".Action must be set to 'allow' or 'deny'");
        }
        if (!p.path("JWT").isMissingNode() && !p.path("JWT").isNull()) {
            throw new IllegalArgumentException(at + ".JWT: not supported by weft (JWT providers are not enforced)");
        }
        final JsonNode http = p.path("HTTP");
        if (!http.isObject()) {
            throw new IllegalArgumentException(at + ".HTTP is required");
        }
        final String prefix = at + ".HTTP";
        final String exact = text(http, "PathExact", prefix);
        final String pathPrefix = text(http, "PathPrefix", prefix);
        final String regex = text(http, "PathRegex", prefix);
        if (!exact.isEmpty() && !exact.startsWith("/")) {
            throw new IllegalArgumentException(prefix + ".PathExact doesn't start with '/': \"" + exact + '"');
        }
        if (!pathPrefix.isEmpty() && !pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException(prefix + ".PathPrefix doesn't start with '/': \"" + pathPrefix + '"');
        }
        int parts = count(false, exact, pathPrefix, regex);
        if (parts > 1) {
            throw new IllegalArgumentException(prefix + " should only contain at most one of PathExact, PathPrefix, " +
                                               "or PathRegex");
        }
        regex(regex, prefix + ".PathRegex");
        final List<HeaderMatch> headers = new ArrayList<>();
        final JsonNode headerJson = http.path("Header");
        for (int k = 0; k < headerJson.size(); k++) {
            final JsonNode h = headerJson.get(k);
            final String hat = prefix + ".Header[" + k + ']';
            final HeaderMatch m = new HeaderMatch(text(h, "Name", hat).toLowerCase(Locale.ROOT),
                                                  h.path("Present").asBoolean(false), text(h, "Exact", hat),
                                                  text(h, "Prefix", hat), text(h, "Suffix", hat),
                                                  text(h, "Regex", hat), h.path("Invert").asBoolean(false));
            if (m.name().isEmpty()) {
                throw new IllegalArgumentException(hat + " missing required Name field");
            }
            if (count(m.present(), m.exact(), m.prefix(), m.suffix(), m.regex()) != 1) {
                throw new IllegalArgumentException(hat + " should only contain one of Present, Exact, Prefix, " +
                                                   "Suffix, or Regex");
            }
            regex(m.regex(), hat + ".Regex");
            headers.add(m);
            parts++;
        }
        final List<String> methods = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        for (JsonNode m : http.path("Methods")) {
            final String method = m.asText("").toUpperCase(Locale.ROOT); // Consul normalizes before validating
            if (!METHODS.contains(method)) {
                throw new IllegalArgumentException(prefix + ".Methods contains an invalid method \"" + method + '"');
            }
            if (!seen.add(method)) {
                throw new IllegalArgumentException(prefix + ".Methods contains \"" + method + "\" more than once");
            }
            methods.add(method);
        }
        if (!methods.isEmpty()) {
            parts++;
        }
        if (parts == 0) {
            throw new IllegalArgumentException(prefix + " should not be empty");
        }
        return new IntentionPermission(action, exact, pathPrefix, regex, headers, methods);
    }

    private static String text(JsonNode object, String field, String at) {
        final JsonNode v = object.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(at + '.' + field + ": expected a string, got " + v);
        }
        return v.asText();
    }

    private static int count(boolean present, String... values) {
        int n = present ? 1 : 0;
        for (String v : values) {
            n += v.isEmpty() ? 0 : 1;
        }
        return n;
    }

    private static void regex(String regex, String at) {
        if (regex.isEmpty()) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(at + ": not a regular expression weft can apply: " +
                                               e.getDescription() + " near index " + e.getIndex() + " of \"" +
                                               regex + '"');
        }
    }
}
