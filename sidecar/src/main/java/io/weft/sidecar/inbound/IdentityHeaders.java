package io.weft.sidecar.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;

/**
 * Headers that assert identity or forwarding. Callers cannot be trusted with them, so every copy a
 * caller sent is removed before the sidecar sets its own {@value #PEER_IDENTITY}.
 */
public final class IdentityHeaders {
    /** The caller's verified SPIFFE ID, set by the sidecar for the app. */
    public static final String PEER_IDENTITY = "x-weft-peer-identity";
    private static final AsciiString PEER_IDENTITY_NAME = AsciiString.of(PEER_IDENTITY);

    /** Removes caller-supplied identity/forwarding headers and sets {@code x-weft-peer-identity}. */
    public static RequestHeaders reset(RequestHeaders headers, String peerIdentity) {
        final RequestHeadersBuilder builder = headers.toBuilder();
        headers.names().forEach(name -> {
            if (isIdentityOrForwarding(name)) {
                builder.remove(name);
            }
        });
        return builder.set(PEER_IDENTITY, peerIdentity).build();
    }

    /** The same reset on a Netty HTTP/2 header block, in place (the Netty relay's copy of the request). */
    public static void reset(Http2Headers headers, String peerIdentity) {
        removeCallers(headers);
        headers.set(PEER_IDENTITY_NAME, peerIdentity);
    }

    /** Removes every identity or forwarding header a caller sent, from any header block, with {@code remove}. */
    public static void removeCallers(Iterable<Map.Entry<CharSequence, CharSequence>> headers,
                                     Consumer<CharSequence> remove) {
        List<CharSequence> callers = null;
        for (Map.Entry<CharSequence, CharSequence> header : headers) {
            if (isIdentityOrForwarding(header.getKey())) {
                if (callers == null) {
                    callers = new ArrayList<>(2);
                }
                callers.add(header.getKey());
            }
        }
        if (callers != null) {
            callers.forEach(remove);
        }
    }

    /** Removes, in place, every identity or forwarding header a caller sent in an HTTP/2 header block. */
    public static void removeCallers(Http2Headers headers) {
        removeCallers(headers, headers::remove);
    }

    /** Whether a caller may not send {@code name}: it asserts identity or forwarding. */
    public static boolean isIdentityOrForwarding(CharSequence name) {
        final String n = name.toString().toLowerCase(Locale.ROOT);
        return n.startsWith("x-weft-") || n.startsWith("x-forwarded-") || n.equals("forwarded") ||
               n.equals("x-real-ip") || AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.PROXY_AUTHORIZATION) ||
               AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.PROXY_AUTHENTICATE);
    }

    private IdentityHeaders() {}
}
