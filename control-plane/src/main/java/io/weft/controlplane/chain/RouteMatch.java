package io.weft.controlplane.chain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.weft.common.annotation.Nullable;

/**
 * A service-router route's {@code Match.HTTP}: at most one path criterion, header and query parameter
 * criteria, and methods. Every criterion given must hold. Regexes are checked when read (a bad one is a
 * clear error here, not a route that never matches).
 */
public record RouteMatch(String pathExact, String pathPrefix, String pathRegex, List<HeaderMatch> headers,
                         List<QueryParamMatch> queryParams, List<String> methods) {

    /** The route Consul appends after a router's own: everything else goes to the service itself. */
    public static final RouteMatch CATCH_ALL = new RouteMatch("", "/", "", List.of(), List.of(), List.of());

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE");

    public RouteMatch {
        headers = List.copyOf(headers);
        queryParams = List.copyOf(queryParams);
        methods = List.copyOf(methods);
    }

    /** One {@code Header} criterion: exactly one of present/exact/prefix/suffix/regex, maybe inverted. */
    public record HeaderMatch(String name, boolean present, String exact, String prefix, String suffix,
                              String regex, boolean invert) {}

    /** One {@code QueryParam} criterion: exactly one of present/exact/regex. */
    public record QueryParamMatch(String name, boolean present, String exact, String regex) {}

    /** Reads {@code Match} of route {@code index} (Consul's own validation and messages). */
    static RouteMatch read(@Nullable EntryJson match, int index) throws ChainException {
        final EntryJson http = match == null ? null : match.object("HTTP");
        if (http == null) {
            return CATCH_ALL;
        }
        final String exact = http.text("PathExact");
        final String prefix = http.text("PathPrefix");
        final String regex = http.text("PathRegex");
        final int paths = (exact.isEmpty() ? 0 : 1) + (prefix.isEmpty() ? 0 : 1) + (regex.isEmpty() ? 0 : 1);
        if (paths > 1) {
            throw http.error("Route[" + index + "] should only contain at most one of PathExact, PathPrefix, or " +
                             "PathRegex");
        }
        if (!exact.isEmpty() && !exact.startsWith("/")) {
            throw http.error("Route[" + index + "] PathExact doesn't start with '/': \"" + exact + '"');
        }
        if (!prefix.isEmpty() && !prefix.startsWith("/")) {
            throw http.error("Route[" + index + "] PathPrefix doesn't start with '/': \"" + prefix + '"');
        }
        checkRegex(http, "PathRegex", regex);
        final List<HeaderMatch> headers = new ArrayList<>();
        final List<EntryJson> headerJson = http.objects("Header");
        for (int j = 0; j < headerJson.size(); j++) {
            final EntryJson h = headerJson.get(j);
            final HeaderMatch m = new HeaderMatch(h.text("Name").toLowerCase(Locale.ROOT), h.bool("Present"),
                                                  h.text("Exact"), h.text("Prefix"), h.text("Suffix"),
                                                  h.text("Regex"), h.bool("Invert"));
            if (m.name().isEmpty()) {
                throw h.error("Route[" + index + "] Header[" + j + "] missing required Name field");
            }
            if (count(m.present(), m.exact(), m.prefix(), m.suffix(), m.regex()) != 1) {
                throw h.error("Route[" + index + "] Header[" + j + "] should only contain one of Present, Exact, " +
                              "Prefix, Suffix, or Regex");
            }
            checkRegex(h, "Regex", m.regex());
            headers.add(m);
        }
        final List<QueryParamMatch> params = new ArrayList<>();
        final List<EntryJson> paramJson = http.objects("QueryParam");
        for (int j = 0; j < paramJson.size(); j++) {
            final EntryJson q = paramJson.get(j);
            final QueryParamMatch m = new QueryParamMatch(q.text("Name"), q.bool("Present"), q.text("Exact"),
                                                          q.text("Regex"));
            if (m.name().isEmpty()) {
                throw q.error("Route[" + index + "] QueryParam[" + j + "] missing required Name field");
            }
            if (count(m.present(), m.exact(), "", "", m.regex()) != 1) {
                throw q.error("Route[" + index + "] QueryParam[" + j + "] should only contain one of Present, " +
                              "Exact, or Regex");
            }
            checkRegex(q, "Regex", m.regex());
            params.add(m);
        }
        final List<String> methods = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        for (String m : http.texts("Methods")) {
            final String method = m.toUpperCase(Locale.ROOT); // Consul normalizes before validating
            if (!METHODS.contains(method)) {
                throw http.error("Route[" + index + "] Methods contains an invalid method \"" + method + '"');
            }
            if (!seen.add(method)) {
                throw http.error("Route[" + index + "] Methods contains \"" + method + "\" more than once");
            }
            methods.add(method);
        }
        return new RouteMatch(exact, prefix, regex, headers, params, methods);
    }

    /** Whether a prefix rewrite has a matched prefix to replace (Consul requires PathExact or PathPrefix). */
    boolean allowsPrefixRewrite() {
        return !pathExact.isEmpty() || !pathPrefix.isEmpty();
    }

    private static int count(boolean present, String... values) {
        int n = present ? 1 : 0;
        for (String v : values) {
            n += v.isEmpty() ? 0 : 1;
        }
        return n;
    }

    private static void checkRegex(EntryJson json, String field, String regex) throws ChainException {
        if (regex.isEmpty()) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw json.error(field, "not a valid regular expression: " + e.getDescription() + " near index " +
                                    e.getIndex() + " of \"" + regex + '"');
        }
    }
}
