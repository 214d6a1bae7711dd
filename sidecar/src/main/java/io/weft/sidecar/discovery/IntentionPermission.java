package io.weft.sidecar.discovery;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.weft.common.annotation.Nullable;

/**
 * One of an L7 intention's permissions, its regular expressions compiled once per INTENTIONS version: it
 * applies ({@code allow} or deny) when every criterion given holds, as Consul's Envoy RBAC evaluates it —
 * the path without the query (a regex must match all of it), the method, and each header.
 *
 * @param index where the permission stands in the intention ({@code Permissions[index]}), for messages
 * @param methods upper case; empty means any
 */
public record IntentionPermission(int index, boolean allow, String pathExact, String pathPrefix,
                                  @Nullable Pattern pathRegex, List<HeaderCriterion> headers, Set<String> methods) {

    public IntentionPermission {
        headers = List.copyOf(headers);
        methods = Set.copyOf(methods);
    }

    /**
     * One header criterion: exactly one of present, exact, prefix, suffix or regex, {@code invert} negating
     * it. As in Envoy, a missing header fails every criterion except an inverted {@code present}.
     */
    public record HeaderCriterion(String name, boolean present, String exact, String prefix, String suffix,
                                  @Nullable Pattern regex, boolean invert) {

        boolean matches(RequestAttributes request) {
            return matches(request.header(name));
        }

        /** Whether the header's value ({@code null}: the header is missing) meets this criterion. */
        public boolean matches(@Nullable String value) {
            if (value == null) {
                return present && invert;
            }
            final boolean matched;
            if (present) {
                matched = true;
            } else if (!exact.isEmpty()) {
                matched = exact.equals(value);
            } else if (!prefix.isEmpty()) {
                matched = value.startsWith(prefix);
            } else if (!suffix.isEmpty()) {
                matched = value.endsWith(suffix);
            } else {
                matched = regex != null && regex.matcher(value).matches();
            }
            return matched != invert;
        }

        String describe() {
            final String what = present ? "present"
                                        : !exact.isEmpty() ? "= \"" + exact + '"'
                                        : !prefix.isEmpty() ? "prefix \"" + prefix + '"'
                                        : !suffix.isEmpty() ? "suffix \"" + suffix + '"'
                                        : "regex \"" + regex + '"';
            return "header " + name + (invert ? " not " : " ") + what;
        }
    }

    public boolean matches(RequestAttributes request) {
        if (!PathCriteria.matches(pathExact, pathPrefix, pathRegex, request.path())) {
            return false;
        }
        if (!methods.isEmpty() && !methods.contains(request.method())) {
            return false;
        }
        for (HeaderCriterion h : headers) {
            if (!h.matches(request)) {
                return false;
            }
        }
        return true;
    }

    /** {@code deny GET /admin*}: the action and what the permission matches, for denials. */
    public String describe() {
        final StringBuilder b = new StringBuilder(allow ? "allow" : "deny");
        if (!methods.isEmpty()) {
            b.append(' ').append(String.join(",", methods.stream().sorted().toList()));
        }
        if (!pathExact.isEmpty()) {
            b.append(' ').append(pathExact);
        } else if (!pathPrefix.isEmpty()) {
            b.append(' ').append(pathPrefix).append('*');
        } else if (pathRegex != null) {
            b.append(" ~").append(pathRegex);
        }
        for (HeaderCriterion h : headers) {
            b.append(", ").append(h.describe());
        }
        return b.toString();
    }
}
