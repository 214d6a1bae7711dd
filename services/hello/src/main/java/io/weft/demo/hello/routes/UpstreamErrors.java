package io.weft.demo.hello.routes;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;

import io.grpc.Status;
import io.weft.demo.hello.upstream.UpstreamException;

/** Maps a failed call to {@code sum} to the HTTP status a gateway would use. */
final class UpstreamErrors {

    /**
     * INVALID_ARGUMENT is sum rejecting the operands (int64 overflow): the caller's fault, 400.
     * UNAVAILABLE (nothing listening, no healthy instance) is 503, DEADLINE_EXCEEDED 504, anything else 502.
     */
    static HttpStatus httpStatus(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
            default -> HttpStatus.BAD_GATEWAY;
        };
    }

    static HttpResponse toResponse(UpstreamException e) {
        final Status.Code code = e.status().getCode();
        return HttpResponse.ofJson(httpStatus(code),
                                   new Bodies.UpstreamError(e.getMessage(), e.upstream().toString(), code.name()));
    }

    private UpstreamErrors() {}
}
