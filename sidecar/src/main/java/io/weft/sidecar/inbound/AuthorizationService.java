package io.weft.sidecar.inbound;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

import io.grpc.Status;
import io.weft.certs.SpiffeId;
import io.weft.sidecar.config.IntentionPolicy;
import io.weft.sidecar.discovery.IntentionRule;
import io.weft.sidecar.discovery.IntentionSet;
import io.weft.sidecar.discovery.MeshStateStore;
import io.weft.sidecar.metrics.SidecarMetrics;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;

/**
 * Authorization layer: may the verified caller call this service? The first intention matching the
 * caller (they arrive sorted by precedence) decides; otherwise the control plane's default, otherwise
 * the configured default policy. Denials: 403 for HTTP, PERMISSION_DENIED for gRPC, naming the caller.
 */
public final class AuthorizationService extends SimpleDecoratingHttpService {
    private final MeshStateStore store;
    private final String service;
    private final IntentionPolicy defaultPolicy;
    private final SidecarMetrics metrics;

    public AuthorizationService(HttpService delegate, MeshStateStore store, String service,
                                IntentionPolicy defaultPolicy, SidecarMetrics metrics) {
        super(delegate);
        this.store = store;
        this.service = service;
        this.defaultPolicy = defaultPolicy;
        this.metrics = metrics;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        final SpiffeId peer = ctx.attr(PeerIdentityService.PEER);
        if (peer == null || !allowed(store.current().intentions(), peer.service())) {
            final String caller = peer == null ? "unknown caller" : "'" + peer.service() + "' (" + peer.uri() + ')';
            metrics.denied(peer == null ? "unknown" : peer.service());
            return FailureResponses.render(req.headers(), FailureKind.DENIED.with(
                    caller + " is not allowed to call '" + service + "' (denied by intention)"));
        }
        return unwrap().serve(ctx, req);
    }

    boolean allowed(IntentionSet intentions, String caller) {
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
