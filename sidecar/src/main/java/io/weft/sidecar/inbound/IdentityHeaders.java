package io.weft.sidecar.inbound;

import java.util.Locale;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

import io.netty.util.AsciiString;

/**
 * Headers that assert identity or forwarding. Callers cannot be trusted with them, so every copy a
 * caller sent is removed before the sidecar sets its own {@value #PEER_IDENTITY}.
 */
public final class IdentityHeaders {
    /** The caller's verified SPIFFE ID, set by the sidecar for the app. */
    public static final String PEER_IDENTITY = "x-weft-peer-identity";

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

    static boolean isIdentityOrForwarding(AsciiString name) {
        final String n = name.toString().toLowerCase(Locale.ROOT);
        return n.startsWith("x-weft-") || n.startsWith("x-forwarded-") || n.equals("forwarded") ||
               n.equals("x-real-ip") || name.contentEqualsIgnoreCase(HttpHeaderNames.PROXY_AUTHORIZATION) ||
               name.contentEqualsIgnoreCase(HttpHeaderNames.PROXY_AUTHENTICATE);
    }

    private IdentityHeaders() {}
}
