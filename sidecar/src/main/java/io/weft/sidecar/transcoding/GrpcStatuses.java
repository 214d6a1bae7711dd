package io.weft.sidecar.transcoding;

import java.util.Base64;

import io.weft.common.annotation.Nullable;

import com.google.protobuf.ByteString;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.grpc.protocol.GrpcHeaderNames;
import com.linecorp.armeria.common.grpc.protocol.StatusMessageEscaper;

import io.grpc.Status;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;

/**
 * The status mappings of the JSON path: gRPC code to HTTP status (google.rpc's mapping, as used by
 * grpc-gateway and Envoy), HTTP status of a non-gRPC answer to gRPC code (the gRPC spec's
 * "HTTP to gRPC status code mapping"), and reading {@code grpc-status}/{@code grpc-message} (unescaped by
 * Armeria's {@code StatusMessageEscaper}, the one the failure renderer escapes with).
 */
final class GrpcStatuses {

    static HttpStatus toHttpStatus(Status.Code code) {
        switch (code) {
            case OK:
                return HttpStatus.OK;
            case CANCELLED:
                return HttpStatus.valueOf(499);
            case INVALID_ARGUMENT:
            case FAILED_PRECONDITION:
            case OUT_OF_RANGE:
                return HttpStatus.BAD_REQUEST;
            case DEADLINE_EXCEEDED:
                return HttpStatus.GATEWAY_TIMEOUT;
            case NOT_FOUND:
                return HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS:
            case ABORTED:
                return HttpStatus.CONFLICT;
            case PERMISSION_DENIED:
                return HttpStatus.FORBIDDEN;
            case UNAUTHENTICATED:
                return HttpStatus.UNAUTHORIZED;
            case RESOURCE_EXHAUSTED:
                return HttpStatus.TOO_MANY_REQUESTS;
            case UNIMPLEMENTED:
                return HttpStatus.NOT_IMPLEMENTED;
            case UNAVAILABLE:
                return HttpStatus.SERVICE_UNAVAILABLE;
            case UNKNOWN:
            case INTERNAL:
            case DATA_LOSS:
            default:
                return HttpStatus.INTERNAL_SERVER_ERROR;
        }
    }

    /** For an app that answered with an HTTP error and no {@code grpc-status}. */
    static Status.Code fromHttpStatus(int status) {
        switch (status) {
            case 400:
                return Status.Code.INTERNAL;
            case 401:
                return Status.Code.UNAUTHENTICATED;
            case 403:
                return Status.Code.PERMISSION_DENIED;
            case 404:
                return Status.Code.UNIMPLEMENTED;
            case 429:
            case 502:
            case 503:
            case 504:
                return Status.Code.UNAVAILABLE;
            default:
                return Status.Code.UNKNOWN;
        }
    }

    /** The {@code grpc-status} in {@code headers}, or {@code null} when absent. */
    @Nullable
    static GrpcCallException readStatus(HttpHeaders headers) {
        final String value = headers.get(GrpcHeaderNames.GRPC_STATUS);
        if (value == null) {
            return null;
        }
        Status.Code code;
        try {
            code = Status.fromCodeValue(Integer.parseInt(value.trim())).getCode();
        } catch (NumberFormatException e) {
            code = Status.Code.UNKNOWN;
        }
        final String message = headers.get(GrpcHeaderNames.GRPC_MESSAGE);
        final String text = message == null ? "" : StatusMessageEscaper.unescape(message);
        // This sidecar's own answer on the way to the app (its rescue: the app unreachable, a reset, a
        // timeout) stays one: the JSON caller gets the failure table's status and x-weft-failure, which a
        // calling sidecar reads (an unreachable app never saw the request).
        final FailureKind kind = FailureKind.ofHeader(headers.get(FailureResponses.FAILURE_HEADER));
        if (kind != null && kind.grpcCode() == code) {
            return new GrpcCallException(kind.with(text));
        }
        return new GrpcCallException(code, text, statusDetails(headers.get(GrpcHeaderNames.GRPC_STATUS_DETAILS_BIN)));
    }

    /** {@code grpc-status-details-bin}: base64 (padding optional); unreadable means absent. */
    @Nullable
    private static ByteString statusDetails(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return ByteString.copyFrom(Base64.getDecoder().decode(value.trim()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private GrpcStatuses() {}
}
