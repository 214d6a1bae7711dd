package io.weft.sidecar.discovery;

import java.util.regex.Pattern;

import io.weft.common.annotation.Nullable;

/**
 * The path criteria Consul's L7 intentions and service-router routes share, as Envoy applies them: each one
 * given must hold — an exact path, a prefix, or a regular expression that matches the whole path (Envoy's safe
 * regex) — on the path without its query. An empty string or null pattern is a criterion not given.
 */
public final class PathCriteria {
    private PathCriteria() {}

    public static boolean matches(String exact, String prefix, @Nullable Pattern regex, String path) {
        if (!exact.isEmpty() && !exact.equals(path)) {
            return false;
        }
        if (!prefix.isEmpty() && !path.startsWith(prefix)) {
            return false;
        }
        return regex == null || regex.matcher(path).matches();
    }
}
