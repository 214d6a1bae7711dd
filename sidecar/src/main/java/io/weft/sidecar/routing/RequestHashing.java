package io.weft.sidecar.routing;

import java.net.InetAddress;
import java.util.ArrayList;
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
 * <p>A cookie policy with a {@code CookieConfig} whose {@code TTL} is set or which is a {@code Session} cookie
 * makes the cookie up when the request lacks it, as Envoy does: its value comes from the caller's connection
 * (so concurrent requests on one connection get one cookie), it is hashed as if the request had carried it,
 * and the response sets it, so that the caller's next requests carrying it reach the same endpoint.
 */
public final class RequestHashing {

    /** The hash key ({@code null}: none) and the {@code set-cookie} values the response must carry. */
    public record Key(@Nullable Long hash, List<String> setCookies) {
        public Key {
            setCookies = List.copyOf(setCookies);
        }
    }

    private RequestHashing() {}

    /**
     * The key of a request. {@code source}: the caller's address; {@code connection}: what names the caller's
     * connection (its two addresses), the seed of a made-up cookie.
     */
    public static Key of(List<HashPolicy> policies, RequestHeaders headers, @Nullable InetAddress source,
                         String connection) {
        Long hash = null;
        List<String> setCookies = List.of();
        for (HashPolicy p : policies) {
            String value = valueOf(p, headers, source);
            if (value == null && "cookie".equals(p.getField()) && (p.getCookieTtlMillis() > 0 || p.getCookieSession())) {
                value = Long.toHexString(Hashing.hash64(connection));
                if (setCookies.isEmpty()) {
                    setCookies = new ArrayList<>(1);
                }
                setCookies.add(setCookie(p, value));
            }
            if (value == null) {
                continue;
            }
            final long h = Hashing.hash64(value);
            hash = hash == null ? h : Hashing.combine(hash, h);
            if (p.getTerminal()) {
                break;
            }
        }
        return new Key(hash, setCookies);
    }

    /**
     * Envoy's form: the value quoted, {@code Max-Age} in whole seconds of the TTL (none for a session cookie,
     * whose TTL Consul sends as zero), the {@code Path} when given, {@code HttpOnly}.
     */
    static String setCookie(HashPolicy p, String value) {
        final StringBuilder b = new StringBuilder(p.getFieldValue()).append("=\"").append(value).append('"');
        final long maxAge = p.getCookieSession() ? 0 : p.getCookieTtlMillis() / 1000;
        if (maxAge > 0) {
            b.append("; Max-Age=").append(maxAge);
        }
        if (!p.getCookiePath().isEmpty()) {
            b.append("; Path=").append(p.getCookiePath());
        }
        return b.append("; HttpOnly").toString();
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
