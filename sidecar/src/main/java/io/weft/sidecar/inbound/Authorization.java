package io.weft.sidecar.inbound;

import io.weft.certs.SpiffeId;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.config.IntentionPolicy;
import io.weft.sidecar.discovery.IntentionRule;
import io.weft.sidecar.discovery.IntentionSet;
import io.weft.sidecar.discovery.MeshStateStore;
import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.metrics.SidecarMetrics;

/**
 * The authorization decision, apart from any transport: may the verified caller call this service? The
 * first intention matching the caller (they arrive sorted by precedence) decides; otherwise the control
 * plane's default, otherwise the configured default policy. A denial is counted and returned as a
 * {@code DENIED} failure naming the caller. Both the Armeria layer ({@link AuthorizationService}) and the
 * Netty relay ask it. Thread-safe; reads the current mesh state.
 */
public final class Authorization {
    private final MeshStateStore store;
    private final String service;
    private final IntentionPolicy defaultPolicy;
    private final SidecarMetrics metrics;

    public Authorization(MeshStateStore store, String service, IntentionPolicy defaultPolicy,
                         SidecarMetrics metrics) {
        this.store = store;
        this.service = service;
        this.defaultPolicy = defaultPolicy;
        this.metrics = metrics;
    }

    /** Null when {@code peer} may call; otherwise the counted denial. */
    @Nullable
    public Failure check(@Nullable SpiffeId peer) {
        if (peer != null && allowed(store.current().intentions(), peer.service())) {
            return null;
        }
        final String caller = peer == null ? "unknown caller" : "'" + peer.service() + "' (" + peer.uri() + ')';
        metrics.denied(peer == null ? "unknown" : peer.service());
        return FailureKind.DENIED.with(caller + " is not allowed to call '" + service + "' (denied by intention)");
    }

    boolean allowed(@Nullable IntentionSet intentions, String caller) {
        if (intentions != null) {
            final var match = intentions.firstMatch(caller);
            if (match.isPresent()) {
                return match.map(IntentionRule::allow).get();
            }
            if (intentions.defaultAllow() != null) {
                return intentions.defaultAllow();
            }
        }
        return defaultPolicy == IntentionPolicy.ALLOW;
    }
}
