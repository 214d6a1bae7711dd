package io.weft.sidecar.routing;

import java.net.InetAddress;
import java.util.List;

import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;

import io.weft.common.annotation.Nullable;
import io.weft.protocol.v1.HashPolicy;
import io.weft.sidecar.balancing.Hashing;

/**
 * A request's hash key for consistent hashing, from a resolver's {@code HashPolicies} as Envoy computes
 * it: each policy in order hashes a header's value, a cookie's value, a query parameter's value or the
 * caller's address; the hashes of the policies that found a value are combined, and a {@code Terminal}
 * policy that found one ends the walk. No value at all: no key (the endpoint is then random).
 *
 * <p>A cookie is only read: the sidecar does not set one when it is missing (Envoy does when
 * {@code CookieConfig} has a {@code TTL} or {@code Session}).
 */
public final class RequestHashing {

    private RequestHashing() {}

    /** The key, or {@code null} when no policy found a value. {@code source}: the caller's address. */
    @Nullable
    public static Long of(List<HashPolicy> policies, RequestHeaders headers, @Nullable InetAddress source) {
        Long hash = null;
        for (HashPolicy p : policies) {
            final String value = valueOf(p, headers, source);
            if (value == null) {
                continue;
            }
            final long h = Hashing.hash64(value);
            hash = hash == null ? h : Hashing.combine(hash, h);
            if (p.getTerminal()) {
                break;
            }
        }
        return hash;
    }

    @Nullable
    private static String valueOf(HashPolicy p, RequestHeaders headers, @Nullable InetAddress source) {
        if (p.getSourceIp()) {
            return source == null ? null : source.getHostAddress();
        }
        return switch (p.getField()) {
            case "header" -> {
                final List<String> values = headers.getAll(p.getFieldValue());
                yield values.isEmpty() ? null : String.join(",", values);
            }
            case "cookie" -> {
                for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
                    for (Cookie c : Cookie.fromCookieHeader(header)) {
                        if (c.name().equals(p.getFieldValue())) {
                            yield c.value();
                        }
                    }
                }
                yield null;
            }
            case "query_parameter" -> {
                final String path = headers.path();
                final int q = path.indexOf('?');
                yield q < 0 ? null : QueryParams.fromQueryString(path.substring(q + 1)).get(p.getFieldValue());
            }
            default -> null;
        };
    }
}
