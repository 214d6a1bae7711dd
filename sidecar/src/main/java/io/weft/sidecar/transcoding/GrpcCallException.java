package io.weft.sidecar.transcoding;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;

/**
 * A failure on the JSON path that carries the gRPC status it stands for, so it can be answered with
 * the mapped HTTP status and a {@code {"code":...,"message":...}} body.
 */
final class GrpcCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status.Code code;

    GrpcCallException(Status.Code code, String message) {
        super(requireNonNull(message, "message"), null, false, false);
        this.code = requireNonNull(code, "code");
    }

    Status.Code code() {
        return code;
    }
}
