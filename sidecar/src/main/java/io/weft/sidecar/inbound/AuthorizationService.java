package io.weft.sidecar.inbound;

import java.util.List;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.discovery.IntentionSet;
import io.weft.sidecar.discovery.RequestAttributes;
import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureResponses;

/**
 * Authorization layer: asks {@link Authorization} whether the verified caller may make this request (its
 * method, path and headers, for L7 intentions). Denials: 403 for HTTP, PERMISSION_DENIED for gRPC, naming
 * the caller and the rule.
 */
public final class AuthorizationService extends SimpleDecoratingHttpService {
    private final Authorization authorization;

    public AuthorizationService(HttpService delegate, Authorization authorization) {
        super(delegate);
        this.authorization = authorization;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        final Failure denied = authorization.check(ctx.attr(PeerIdentityService.PEER), attributes(req.headers()));
        if (denied != null) {
            return FailureResponses.render(req.headers(), denied);
        }
        return unwrap().serve(ctx, req);
    }

    /** The method, path and headers L7 intentions look at. */
    static RequestAttributes attributes(RequestHeaders headers) {
        return new RequestAttributes(headers.method().name(), RequestAttributes.withoutQuery(headers.path()), name -> {
            final List<String> values = headers.getAll(name);
            return values.isEmpty() ? null : String.join(",", values);
        });
    }

    boolean allowed(@Nullable IntentionSet intentions, String caller) {
        return authorization.allowed(intentions, caller);
    }
}
