package io.weft.sidecar.failure;

import java.util.function.Function;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * The one rescue of a listener (linkerd2-proxy's {@code errors::respond}): whatever an inner layer throws,
 * or fails its response with before the response has started, is classified by {@link Failures} and
 * answered by {@link FailureResponses} in the caller's language. A response that has already started
 * streaming can only end with the error, as the protocol allows.
 */
public final class FailureRescue {

    /**
     * Wraps {@code delegate}; {@code target} names, for messages only, where a request was being sent
     * (it runs only after a failure).
     */
    public static HttpService layer(HttpService delegate, Function<ServiceRequestContext, String> target) {
        return (ctx, req) -> {
            final HttpResponse res;
            try {
                res = delegate.serve(ctx, req);
            } catch (Throwable t) {
                return rescue(ctx, req.headers(), t, target);
            }
            return res.recover(cause -> rescue(ctx, req.headers(), cause, target));
        };
    }

    private static HttpResponse rescue(ServiceRequestContext ctx, com.linecorp.armeria.common.RequestHeaders headers,
                                       Throwable cause, Function<ServiceRequestContext, String> target) {
        final Throwable peeled = Exceptions.peel(cause);
        if (Failures.isDeliberateResponse(peeled)) {
            return HttpResponse.ofFailure(peeled);
        }
        return FailureResponses.render(headers, Failures.classify(peeled, target.apply(ctx)));
    }

    private FailureRescue() {}
}
