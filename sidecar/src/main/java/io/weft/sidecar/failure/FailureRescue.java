package io.weft.sidecar.failure;

import java.util.function.Function;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.RequestCancellationException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.weft.common.annotation.Nullable;

/**
 * The one rescue of a listener (linkerd2-proxy's {@code errors::respond}), installed as the listener's
 * {@link ServerErrorHandler}: whatever a layer throws or fails its response with before the response has
 * started, and the hop's deadline passing, is classified by {@link Failures} and answered by
 * {@link FailureResponses} in the caller's language. Armeria already ends every response with its error
 * handler, so this costs the success path nothing (no extra stream wrapper per request). A response
 * that has already started streaming can only end with the error, as the protocol allows.
 */
public final class FailureRescue implements ServerErrorHandler {

    private final Function<ServiceRequestContext, String> target;

    private FailureRescue(Function<ServiceRequestContext, String> target) {
        this.target = target;
    }

    /** {@code target} names, for messages only, where a request was being sent (asked only after a failure). */
    public static FailureRescue of(Function<ServiceRequestContext, String> target) {
        return new FailureRescue(target);
    }

    @Nullable
    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        final Throwable peeled = Exceptions.peel(cause);
        if (Failures.isDeliberateResponse(peeled) || peeled instanceof RequestCancellationException) {
            return null; // Armeria's own answers pass through; a stream the caller cancelled gets no answer
        }
        return FailureResponses.render(ctx.request().headers(), Failures.classify(peeled, target.apply(ctx)));
    }

    /**
     * A body over the listener's cap is refused by Armeria's request decoder itself, before any layer: its
     * {@code 413} is answered here in weft's vocabulary too ({@code too_large}, in the caller's language), as
     * the Netty relays answer it. Other statuses Armeria renders itself stay as they are.
     */
    @Nullable
    @Override
    public AggregatedHttpResponse renderStatus(@Nullable ServiceRequestContext ctx, ServiceConfig config,
                                               @Nullable RequestHeaders headers, HttpStatus status,
                                               @Nullable String description, @Nullable Throwable cause) {
        if (status != HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            return null;
        }
        final Failure failure = cause != null
                ? Failures.classify(cause, "")
                : FailureKind.TOO_LARGE.with("the request is larger than this sidecar accepts");
        final CallerKind caller = headers == null ? CallerKind.TEXT : CallerKind.of(headers);
        final FailureResponses.Answer answer = FailureResponses.answer(
                caller, headers == null ? null : headers.get(HttpHeaderNames.CONTENT_TYPE), failure);
        return AggregatedHttpResponse.of(answer.headers(), answer.body());
    }
}
