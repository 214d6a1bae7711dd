package io.weft.sidecar.transcoding;

import static java.util.Objects.requireNonNull;

import io.weft.common.annotation.Nullable;

import com.google.protobuf.ByteString;

import com.linecorp.armeria.common.HttpStatus;

import io.grpc.Status;
import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureKind;

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

    @Nullable
    private final FailureKind kind;

    GrpcCallException(Status.Code code, String message) {
        this(code, message, null);
    }

    /** A failure of the sidecar's own call: its kind decides both statuses, as on every listener. */
    GrpcCallException(Failure failure) {
        super(failure.message(), null, false, false);
        this.code = failure.kind().grpcCode();
        this.statusDetails = null;
        this.kind = failure.kind();
    }

    GrpcCallException(Status.Code code, String message, @Nullable ByteString statusDetails) {
        super(requireNonNull(message, "message"), null, false, false);
        this.code = requireNonNull(code, "code");
        this.statusDetails = statusDetails;
        this.kind = null;
    }

    /** The HTTP status a JSON caller gets: the failure table's for the sidecar's own failures, else google.rpc's. */
    HttpStatus httpStatus() {
        return kind != null ? kind.httpStatus() : GrpcStatuses.toHttpStatus(code);
    }

    /** The kind of the sidecar's own failure, or {@code null} for a status the app answered. */
    @Nullable
    FailureKind kind() {
        return kind;
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
