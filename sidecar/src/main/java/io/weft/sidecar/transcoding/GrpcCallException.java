package io.weft.sidecar.transcoding;

import static java.util.Objects.requireNonNull;

import io.weft.common.annotation.Nullable;

import com.google.protobuf.ByteString;

import io.grpc.Status;

/**
 * A failure on the JSON path that carries the gRPC status it stands for, so it can be answered with
 * the mapped HTTP status and a {@code {"code":...,"message":...}} body; when the app sent a
 * {@code google.rpc.Status} ({@code grpc-status-details-bin}), its details come along.
 */
final class GrpcCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status.Code code;
    @Nullable
    private final transient ByteString statusDetails;

    GrpcCallException(Status.Code code, String message) {
        this(code, message, null);
    }

    GrpcCallException(Status.Code code, String message, @Nullable ByteString statusDetails) {
        super(requireNonNull(message, "message"), null, false, false);
        this.code = requireNonNull(code, "code");
        this.statusDetails = statusDetails;
    }

    Status.Code code() {
        return code;
    }

    /** The serialized {@code google.rpc.Status} the app sent, or {@code null}. */
    @Nullable
    ByteString statusDetails() {
        return statusDetails;
    }
}
