package io.weft.sidecar.failure;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;

import io.weft.common.annotation.Nullable;

/** The language a caller understands an error in, read from its request headers. */
public enum CallerKind {
    /** {@code application/grpc*}: a trailers-only response with {@code grpc-status}/{@code grpc-message}. */
    GRPC,
    /** A JSON body or a JSON {@code accept}: {@code {"code","message"}} with the HTTP status. */
    JSON,
    /** Everyone else: the HTTP status and a line of text. */
    TEXT;

    public static CallerKind of(RequestHeaders headers) {
        if (isGrpc(headers)) {
            return GRPC;
        }
        return mentionsJson(headers.get(HttpHeaderNames.CONTENT_TYPE)) ||
               mentionsJson(headers.get(HttpHeaderNames.ACCEPT)) ? JSON : TEXT;
    }

    /** Whether the request is gRPC ({@code application/grpc}, {@code +proto}, {@code +json}, gRPC-Web). */
    public static boolean isGrpc(RequestHeaders headers) {
        final String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        return contentType != null && contentType.regionMatches(true, 0, "application/grpc", 0, 16);
    }

    private static boolean mentionsJson(@Nullable String value) {
        return value != null && value.contains("json");
    }
}
