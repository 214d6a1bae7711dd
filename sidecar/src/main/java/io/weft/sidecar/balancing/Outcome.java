package io.weft.sidecar.balancing;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.grpc.protocol.GrpcHeaderNames;
import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.common.util.Exceptions;

import java.net.ConnectException;

/**
 * What one attempt says about the endpoint's health, read from its completed {@link RequestLog}.
 *
 * <p>Failures: the connection could not be made or broke (connect failure, refused or reset stream,
 * closed session, beyond a GOAWAY), HTTP 502/503/504, gRPC {@code UNAVAILABLE} in trailers-only
 * headers or in trailers. Neutral: timeouts and cancellations (a caller's short {@code grpc-timeout}
 * says nothing about the endpoint) and anything the request itself caused. Everything else, including
 * application errors like 500 or {@code INVALID_ARGUMENT}, is a success: the endpoint answered.
 */
enum Outcome {
    SUCCESS, FAILURE, NEUTRAL;

    static final String GRPC_UNAVAILABLE = "14";

    static Outcome of(RequestLog log) {
        final ResponseHeaders headers = log.responseHeaders();
        return of(log.responseCause(), headers.status().code(),
                  isGrpcUnavailable(headers) || isGrpcUnavailable(log.responseTrailers()));
    }

    /**
     * The same judgement from what a relay saw: the attempt's failure (if any), its {@code :status} (0 when
     * none arrived) and whether its headers or trailers said {@code grpc-status: 14}.
     */
    static Outcome of(@Nullable Throwable cause, int status, boolean grpcUnavailable) {
        if (cause != null && isConnectionFailure(cause)) {
            return FAILURE;
        }
        if (status == 502 || status == 503 || status == 504 || grpcUnavailable) {
            return FAILURE;
        }
        if (cause != null || status < 100) {
            return NEUTRAL;
        }
        return SUCCESS;
    }

    /** Whether the connection to the endpoint failed or broke, as opposed to the request timing out. */
    static boolean isConnectionFailure(Throwable cause) {
        final Throwable peeled = Exceptions.peel(cause);
        return peeled instanceof UnprocessedRequestException ||
               peeled instanceof ClosedSessionException ||
               peeled instanceof ClosedStreamException ||
               peeled instanceof ConnectException;
    }

    /** Whether the connection to the endpoint could not be made at all (a connect failure or timeout). */
    static boolean isConnectFailure(Throwable cause) {
        Throwable t = Exceptions.peel(cause);
        if (t instanceof UnprocessedRequestException) {
            t = t.getCause();
        }
        return t instanceof ConnectException;
    }

    static boolean isGrpcUnavailable(@Nullable HttpHeaders headersOrTrailers) {
        return headersOrTrailers != null &&
               GRPC_UNAVAILABLE.equals(headersOrTrailers.get(GrpcHeaderNames.GRPC_STATUS));
    }
}
