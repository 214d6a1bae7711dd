package io.weft.sidecar.failure;

import java.util.Locale;

import com.linecorp.armeria.common.HttpStatus;

import io.grpc.Status;
import io.weft.common.annotation.Nullable;

/**
 * Everything that can go wrong in a sidecar, each with the one HTTP status and the one gRPC code every
 * listener answers it with. This table is the only place the two are paired; a new way to fail is a new
 * row here, never a status chosen where the failure happens.
 */
public enum FailureKind {
    /** The request never reached the upstream (connect refused or failed, reset before processing). */
    UNREACHABLE(HttpStatus.SERVICE_UNAVAILABLE, Status.Code.UNAVAILABLE),
    /** The upstream's connection or stream broke after the request was sent. */
    RESET(HttpStatus.BAD_GATEWAY, Status.Code.UNAVAILABLE),
    /** The request's deadline ({@code grpc-timeout}, a route's or the sidecar's timeout) passed. */
    TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, Status.Code.DEADLINE_EXCEEDED),
    /** The caller gave up on the request. */
    CANCELLED(HttpStatus.valueOf(499), Status.Code.CANCELLED),
    /** The caller presented no usable identity. */
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, Status.Code.UNAUTHENTICATED),
    /** An intention (or the default policy) forbids this caller. */
    DENIED(HttpStatus.FORBIDDEN, Status.Code.PERMISSION_DENIED),
    /** No service, route or method is known for what the request names. */
    NO_ROUTE(HttpStatus.NOT_FOUND, Status.Code.NOT_FOUND),
    /** The path is known, but for other HTTP methods. */
    WRONG_METHOD(HttpStatus.METHOD_NOT_ALLOWED, Status.Code.UNIMPLEMENTED),
    /** The service is known and has no endpoint that may take the request. */
    NO_HEALTHY_ENDPOINT(HttpStatus.SERVICE_UNAVAILABLE, Status.Code.UNAVAILABLE),
    /** Something this sidecar needs for the request is still loading; retry shortly. */
    NOT_READY(HttpStatus.SERVICE_UNAVAILABLE, Status.Code.UNAVAILABLE),
    /** This sidecar is shutting down and takes no new requests. */
    DRAINING(HttpStatus.SERVICE_UNAVAILABLE, Status.Code.UNAVAILABLE),
    /** The request (or one of its messages) is larger than allowed. */
    TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE, Status.Code.RESOURCE_EXHAUSTED),
    /** The request's content type cannot be handled here. */
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Status.Code.INVALID_ARGUMENT),
    /** The request could not be read: malformed JSON, path, headers or framing. */
    MALFORMED(HttpStatus.BAD_REQUEST, Status.Code.INVALID_ARGUMENT),
    /** A fault of this sidecar or an answer from upstream it cannot translate. */
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, Status.Code.INTERNAL);

    private final HttpStatus httpStatus;
    private final Status.Code grpcCode;

    FailureKind(HttpStatus httpStatus, Status.Code grpcCode) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    public HttpStatus httpStatus() {
        return httpStatus;
    }

    public Status.Code grpcCode() {
        return grpcCode;
    }

    /**
     * Whether a sidecar that answers with this kind never passed the request on — the app behind it
     * cannot have seen it: its app was unreachable, it was draining, or it was not ready for the request
     * yet (a restarted instance whose JSON transcoder is still loading the app's descriptors). A calling
     * sidecar that reads this kind in a peer's {@code x-weft-failure} may send the request, whatever its
     * method, to another instance, as it does a request its own connection never delivered.
     */
    public boolean neverPassedOn() {
        return this == UNREACHABLE || this == DRAINING || this == NOT_READY;
    }

    /** The kind named by an {@code x-weft-failure} value ({@code unreachable}), or {@code null} for none. */
    @Nullable
    public static FailureKind ofHeader(@Nullable String value) {
        if (value == null) {
            return null;
        }
        for (FailureKind kind : values()) {
            if (kind.headerValue().equals(value)) {
                return kind;
            }
        }
        return null;
    }

    /** This kind as {@code x-weft-failure} names it: {@code unreachable}, {@code no_route} ... */
    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A failure of this kind; {@code message} names the value at fault and what was expected. */
    public Failure with(String message) {
        return new Failure(this, message);
    }
}
