package io.weft.controlplane.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import io.weft.common.annotation.Nullable;
import javax.annotation.concurrent.Immutable;

/**
 * Decides whether a bootstrap token entitles a sidecar to act for a service.
 *
 * <p>A service with its own token must present that one; any other service may present the shared
 * token (when one is configured). Tokens are compared with {@link MessageDigest#isEqual}, whose time
 * does not depend on where the inputs differ.
 */
@Immutable
public final class BootstrapTokens {

    @Nullable
    private final byte[] shared;
    private final Map<String, byte[]> perService;

    public BootstrapTokens(@Nullable String sharedToken, Map<String, String> perServiceTokens) {
        shared = sharedToken == null ? null : bytes(sharedToken);
        perService = perServiceTokens.entrySet().stream().collect(
                java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> bytes(e.getValue())));
        if (shared == null && perService.isEmpty()) {
            throw new IllegalArgumentException("bootstrap tokens: none (expected: a shared token or per-service tokens)");
        }
    }

    /** Whether {@code token} entitles its bearer to act for {@code service}. */
    public boolean entitles(String service, String token) {
        requireNonNull(service, "service");
        requireNonNull(token, "token");
        final byte[] expected = perService.containsKey(service) ? perService.get(service) : shared;
        if (expected == null) {
            // Still compare, so an unknown service takes as long as a wrong token.
            MessageDigest.isEqual(bytes(token), bytes(token));
            return false;
        }
        return MessageDigest.isEqual(expected, bytes(token));
    }

    private static byte[] bytes(String token) {
        return token.getBytes(StandardCharsets.UTF_8);
    }
}
