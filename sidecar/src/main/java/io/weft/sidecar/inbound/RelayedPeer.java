package io.weft.sidecar.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import io.weft.certs.SpiffeId;
import io.weft.common.annotation.Nullable;

/**
 * How the Netty front tells the private Armeria inbound listener who the verified caller is: header
 * {@value #HEADER} carries a per-process random secret and the caller's SPIFFE ID. The front removes every
 * copy a caller sent (it is an {@code x-weft-} header, see {@link IdentityHeaders}) before it sets its own,
 * and the private listener believes only a value with this process's secret; {@link IdentityHeaders#reset}
 * removes it again before the request goes on to the app, so the secret never leaves the process.
 */
public final class RelayedPeer {
    public static final String HEADER = "x-weft-relayed-peer";

    private final String secret;

    public RelayedPeer() {
        final byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        secret = HexFormat.of().formatHex(bytes);
    }

    /** The header value the front sets for {@code peer}. */
    public String encode(SpiffeId peer) {
        return secret + ' ' + peer.uri();
    }

    /** The peer the front vouched for, or null unless {@code value} carries this process's secret. */
    @Nullable
    public SpiffeId decode(@Nullable String value) {
        if (value == null || value.length() <= secret.length() + 1 || value.charAt(secret.length()) != ' ') {
            return null;
        }
        final byte[] given = value.substring(0, secret.length()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, secret.getBytes(StandardCharsets.US_ASCII))) { // constant time
            return null;
        }
        try {
            return SpiffeId.parse(value.substring(secret.length() + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
