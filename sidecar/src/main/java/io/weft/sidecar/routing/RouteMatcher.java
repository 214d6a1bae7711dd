package io.weft.sidecar.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;

import io.weft.common.annotation.Nullable;
import io.weft.protocol.v1.HeaderMatch;
import io.weft.protocol.v1.QueryParamMatch;
import io.weft.protocol.v1.RouteMatch;

/**
 * One route's match, compiled once per ROUTES version: the path (exact, prefix or a regular expression
 * that must match the whole path, as Envoy's safe regex), headers, query parameters and methods; all
 * given must hold. A header criterion on a missing header fails, inverted or not, except an inverted
 * {@code Present} (Envoy's {@code HeaderUtility::matchHeaders}, as Consul's proxies apply a route).
 */
final class RouteMatcher {
    private final String pathExact;
    private final String pathPrefix;
    @Nullable
    private final Pattern pathRegex;
    private final List<Header> headers = new ArrayList<>();
    private final List<Query> queryParams = new ArrayList<>();
    private final Set<String> methods;

    private record Header(String name, HeaderMatch match, @Nullable Pattern regex) {}

    private record Query(QueryParamMatch match, @Nullable Pattern regex) {}

    RouteMatcher(RouteMatch m) {
        pathExact = m.getPathExact();
        pathPrefix = m.getPathPrefix();
        pathRegex = m.getPathRegex().isEmpty() ? null : Pattern.compile(m.getPathRegex());
        for (HeaderMatch h : m.getHeadersList()) {
            headers.add(new Header(h.getName(), h, h.getRegex().isEmpty() ? null : Pattern.compile(h.getRegex())));
        }
        for (QueryParamMatch q : m.getQueryParamsList()) {
            queryParams.add(new Query(q, q.getRegex().isEmpty() ? null : Pattern.compile(q.getRegex())));
        }
        methods = Set.copyOf(m.getMethodsList());
    }

    /** The prefix a rewrite replaces: the matched prefix, or the whole path for an exact match. */
    String matchedPrefix() {
        return !pathPrefix.isEmpty() ? pathPrefix : !pathExact.isEmpty() ? pathExact : "";
    }

    /** {@code path} without its query; {@code query} parsed only when a criterion needs it. */
    boolean matches(RequestHeaders h, String path, @Nullable String query) {
        if (!pathExact.isEmpty() && !pathExact.equals(path)) {
            return false;
        }
        if (!pathPrefix.isEmpty() && !path.startsWith(pathPrefix)) {
            return false;
        }
        if (pathRegex != null && !pathRegex.matcher(path).matches()) {
            return false;
        }
        if (!methods.isEmpty() && !methods.contains(h.method().name())) {
            return false;
        }
        for (Header header : headers) {
            final String value = h.get(header.name());
            final HeaderMatch m = header.match();
            final boolean holds = value == null ? m.getInvert() && m.getPresent()
                                                : header(header, value) != m.getInvert();
            if (!holds) {
                return false;
            }
        }
        if (!queryParams.isEmpty()) {
            final QueryParams params = query == null ? QueryParams.of() : QueryParams.fromQueryString(query);
            for (Query q : queryParams) {
                if (!query(q, params.get(q.match().getName()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean header(Header header, String value) {
        final HeaderMatch m = header.match();
        if (m.getPresent()) {
            return true;
        }
        if (!m.getExact().isEmpty()) {
            return m.getExact().equals(value);
        }
        if (!m.getPrefix().isEmpty()) {
            return value.startsWith(m.getPrefix());
        }
        if (!m.getSuffix().isEmpty()) {
            return value.endsWith(m.getSuffix());
        }
        return header.regex() != null && header.regex().matcher(value).matches();
    }

    private static boolean query(Query q, @Nullable String value) {
        if (value == null) {
            return false;
        }
        if (q.match().getPresent()) {
            return true;
        }
        if (!q.match().getExact().isEmpty()) {
            return q.match().getExact().equals(value);
        }
        return q.regex() != null && q.regex().matcher(value).matches();
    }
}
