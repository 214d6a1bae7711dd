package io.weft.sidecar.discovery;

import java.util.function.Function;

import io.weft.common.annotation.Nullable;

/**
 * What an L7 intention permission looks at, whichever inbound path carries the request.
 *
 * @param method the upper-case HTTP method
 * @param path the request path without its query, as received
 * @param headers a header's values joined by {@code ","} (as Envoy matches them), or null when absent;
 *                asked with a lower-case name, only when a permission needs that header
 */
public record RequestAttributes(String method, String path, Function<String, @Nullable String> headers) {

    /** {@code path} up to its query or fragment. */
    public static String withoutQuery(String path) {
        for (int i = 0; i < path.length(); i++) {
            final char c = path.charAt(i);
            if (c == '?' || c == '#') {
                return path.substring(0, i);
            }
        }
        return path;
    }

    @Nullable
    public String header(String lowerCaseName) {
        return headers.apply(lowerCaseName);
    }
}
