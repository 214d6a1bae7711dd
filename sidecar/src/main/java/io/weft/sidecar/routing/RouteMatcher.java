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
import io.weft.sidecar.discovery.IntentionPermission.HeaderCriterion;
import io.weft.sidecar.discovery.PathCriteria;

/**
 * One route's match, compiled once per ROUTES version: the path (exact, prefix or a regular expression
 * that must match the whole path, as Envoy's safe regex), headers, query parameters and methods; all
 * given must hold. Headers are matched by {@link HeaderCriterion}, the same rule as L7 intentions (Envoy's
 * {@code HeaderUtility::matchHeaders}: a missing header fails all but an inverted {@code Present}).
 */
final class RouteMatcher {
    private final String pathExact;
    private final String pathPrefix;
    @Nullable
    private final Pattern pathRegex;
    private final List<HeaderCriterion> headers = new ArrayList<>();
    private final List<Query> queryParams = new ArrayList<>();
    private final Set<String> methods;


    private record Query(QueryParamMatch match, @Nullable Pattern regex) {}

    RouteMatcher(RouteMatch m) {
        pathExact = m.getPathExact();
        pathPrefix = m.getPathPrefix();
        pathRegex = m.getPathRegex().isEmpty() ? null : Pattern.compile(m.getPathRegex());
        for (HeaderMatch h : m.getHeadersList()) {
            headers.add(new HeaderCriterion(h.getName(), h.getPresent(), h.getExact(), h.getPrefix(), h.getSuffix(),
                                            h.getRegex().isEmpty() ? null : Pattern.compile(h.getRegex()),
                                            h.getInvert()));
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
        if (!PathCriteria.matches(pathExact, pathPrefix, pathRegex, path)) {
            return false;
        }
        if (!methods.isEmpty() && !methods.contains(h.method().name())) {
            return false;
        }
        for (HeaderCriterion header : headers) {
            if (!header.matches(h.get(header.name()))) {
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
