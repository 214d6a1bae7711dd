package io.weft.sidecar.metrics;

import java.util.ArrayList;
import java.util.List;

import com.linecorp.armeria.common.grpc.protocol.GrpcHeaderNames;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.logging.RequestLogProperty;

import io.grpc.Status;
import io.weft.common.annotation.Nullable;

/**
 * What a completed request is labelled with: its HTTP status class ({@code status_class}) and its gRPC
 * code ({@code grpc_code}), packed into one index below {@link #COUNT} so that a {@link RequestSeries}
 * keeps its timers in an array. Both label sets are closed: any status outside 100-599 is {@code none},
 * any gRPC status that is not a known code is {@code UNKNOWN} (as gRPC clients read it).
 */
final class ResponseClass {
    /** {@code none}: no response status, e.g. the connection closed before one was sent. */
    static final List<String> STATUS_CLASSES = List.of("none", "1xx", "2xx", "3xx", "4xx", "5xx");
    /** {@code none} for a response that is not gRPC, then the gRPC codes' names in code order. */
    static final List<String> GRPC_CODES = grpcCodes();
    static final int COUNT = STATUS_CLASSES.size() * GRPC_CODES.size();

    private static final int NOT_GRPC = 0;
    private static final int UNKNOWN = Status.Code.UNKNOWN.value() + 1;

    private ResponseClass() {}

    /** The class of a completed request's response. */
    static int of(RequestLog log) {
        if (!log.isAvailable(RequestLogProperty.RESPONSE_HEADERS)) {
            return of(-1, null);
        }
        final String trailers = log.isAvailable(RequestLogProperty.RESPONSE_TRAILERS)
                                ? log.responseTrailers().get(GrpcHeaderNames.GRPC_STATUS) : null;
        // A trailers-only gRPC response carries its status in the headers.
        return of(log.responseHeaders().status().code(),
                  trailers != null ? trailers : log.responseHeaders().get(GrpcHeaderNames.GRPC_STATUS));
    }

    static int of(int httpStatus, @Nullable String grpcStatus) {
        final int statusClass = httpStatus >= 100 && httpStatus < 600 ? httpStatus / 100 : 0;
        return statusClass * GRPC_CODES.size() + grpcCodeIndex(grpcStatus);
    }

    static String statusClass(int responseClass) {
        return STATUS_CLASSES.get(responseClass / GRPC_CODES.size());
    }

    static String grpcCode(int responseClass) {
        return GRPC_CODES.get(responseClass % GRPC_CODES.size());
    }

    /** Reads the decimal {@code grpc-status} without allocating or throwing. */
    private static int grpcCodeIndex(@Nullable String grpcStatus) {
        if (grpcStatus == null) {
            return NOT_GRPC;
        }
        if (grpcStatus.isEmpty() || grpcStatus.length() > 2) {
            return UNKNOWN;
        }
        int code = 0;
        for (int i = 0; i < grpcStatus.length(); i++) {
            final char c = grpcStatus.charAt(i);
            if (c < '0' || c > '9') {
                return UNKNOWN;
            }
            code = code * 10 + (c - '0');
        }
        return code + 1 < GRPC_CODES.size() ? code + 1 : UNKNOWN;
    }

    /** {@code Status.Code} lists the codes in wire order, OK (0) to UNAUTHENTICATED (16). */
    private static List<String> grpcCodes() {
        final List<String> codes = new ArrayList<>(List.of("none"));
        for (Status.Code code : Status.Code.values()) {
            codes.add(code.name());
        }
        return List.copyOf(codes);
    }
}
