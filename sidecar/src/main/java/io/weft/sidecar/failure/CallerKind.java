package io.weft.sidecar.failure;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;

import io.netty.util.AsciiString;

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
        return of(headers.get(HttpHeaderNames.CONTENT_TYPE), headers.get(HttpHeaderNames.ACCEPT));
    }

    /** The caller's language from its request's {@code content-type} and {@code accept}. */
    public static CallerKind of(@Nullable CharSequence contentType, @Nullable CharSequence accept) {
        if (isGrpc(contentType)) {
            return GRPC;
        }
        return mentionsJson(contentType) || mentionsJson(accept) ? JSON : TEXT;
    }

    /** Whether the request is gRPC ({@code application/grpc}, {@code +proto}, {@code +json}, gRPC-Web). */
    public static boolean isGrpc(RequestHeaders headers) {
        return isGrpc(headers.get(HttpHeaderNames.CONTENT_TYPE));
    }

    /** Whether a request with this {@code content-type} is gRPC. */
    public static boolean isGrpc(@Nullable CharSequence contentType) {
        return contentType != null && AsciiString.regionMatches(contentType, true, 0, "application/grpc", 0, 16);
    }

    private static boolean mentionsJson(@Nullable CharSequence value) {
        return value != null && value.toString().contains("json");
    }
}
