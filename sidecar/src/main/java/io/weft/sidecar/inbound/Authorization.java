package io.weft.sidecar.inbound;

import io.weft.certs.SpiffeId;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.config.IntentionPolicy;
import io.weft.sidecar.discovery.IntentionPermission;
import io.weft.sidecar.discovery.IntentionRule;
import io.weft.sidecar.discovery.IntentionSet;
import io.weft.sidecar.discovery.MeshStateStore;
import io.weft.sidecar.discovery.RequestAttributes;
import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.metrics.SidecarMetrics;

/**
 * The authorization decision, apart from any transport: may the verified caller make this request to this
 * service? As Consul's proxies decide: the first intention matching the caller (they arrive sorted by
 * precedence) decides — an L4 one by its action, an L7 one by its first permission matching the method,
 * path and headers; when none of its permissions matches, or no intention matches the caller, the control
 * plane's default applies, otherwise the configured default policy. A denial is counted by rule and
 * returned as a {@code DENIED} failure naming the caller and the rule. Both the Armeria layer
 * ({@link AuthorizationService}) and the Netty relay ask it. Thread-safe; reads the current mesh state and
 * never blocks.
 */
public final class Authorization {
    /** The rule label of denials by the default policy. */
    static final String DEFAULT_RULE = "default";

    private final MeshStateStore store;
    private final String service;
    private final IntentionPolicy defaultPolicy;
    private final SidecarMetrics metrics;

    /**
     * @param allow the outcome
     * @param rule which rule decided, a bounded metric label: {@code default}, {@code intention web},
     *             {@code intention web Permissions[2]}
     * @param reason the rule as a caller reads it
     */
    record Decision(boolean allow, String rule, String reason) {}

    public Authorization(MeshStateStore store, String service, IntentionPolicy defaultPolicy,
                         SidecarMetrics metrics) {
        this.store = store;
        this.service = service;
        this.defaultPolicy = defaultPolicy;
        this.metrics = metrics;
    }

    /** Null when {@code peer} may make {@code request}; otherwise the counted denial. */
    @Nullable
    public Failure check(@Nullable SpiffeId peer, RequestAttributes request) {
        if (peer == null) {
            metrics.denied("unknown", DEFAULT_RULE);
            return FailureKind.DENIED.with("unknown caller is not allowed to call '" + service + "' (no verified " +
                                           "identity)");
        }
        final Decision decision = decide(store.current().intentions(), peer.service(), request);
        if (decision.allow()) {
            return null;
        }
        metrics.denied(peer.service(), decision.rule());
        return FailureKind.DENIED.with("'" + peer.service() + "' (" + peer.uri() + ") is not allowed to call '" +
                                       service + "': denied by " + decision.reason());
    }

    Decision decide(@Nullable IntentionSet intentions, String caller, RequestAttributes request) {
        String fellThrough = "";
        if (intentions != null) {
            for (IntentionRule rule : intentions.rules()) {
                if (!rule.matches(caller)) {
                    continue;
                }
                final String name = "intention " + rule.source() + " -> " + service;
                if (!rule.layer7()) {
                    return new Decision(rule.allow(), "intention " + rule.source(), name);
                }
                for (IntentionPermission p : rule.permissions()) {
                    if (p.matches(request)) {
                        return new Decision(p.allow(), "intention " + rule.source() + " Permissions[" + p.index() + ']',
                                            name + ", Permissions[" + p.index() + "] (" + p.describe() + ')');
                    }
                }
                fellThrough = name + " matched no permission, so ";
                break;
            }
            if (intentions.defaultAllow() != null) {
                return new Decision(intentions.defaultAllow(), DEFAULT_RULE,
                                    fellThrough + "the control plane's default (" +
                                    (intentions.defaultAllow() ? "allow" : "deny") + ')');
            }
        }
        return new Decision(defaultPolicy == IntentionPolicy.ALLOW, DEFAULT_RULE,
                            fellThrough + "the default intention policy (" +
                            (defaultPolicy == IntentionPolicy.ALLOW ? "allow" : "deny") + ')');
    }

    /** Whether {@code caller} may call at all, for L4 rules (an L7 rule is asked about {@code GET /}). */
    boolean allowed(@Nullable IntentionSet intentions, String caller) {
        return decide(intentions, caller, new RequestAttributes("GET", "/", name -> null)).allow();
    }
}
