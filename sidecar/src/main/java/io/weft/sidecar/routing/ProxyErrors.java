package io.weft.sidecar.routing;

import java.nio.charset.StandardCharsets;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpResponseException;
import com.linecorp.armeria.server.HttpStatusException;


import io.grpc.Status;

/**
 * Errors the sidecar itself answers, in the caller's protocol: gRPC callers get a trailers-only
 * response ({@code grpc-status} + {@code grpc-message}), everyone else an HTTP status with a
 * plain-text body. The message always names the value at fault.
 */
public final class ProxyErrors {

    public static boolean isGrpc(RequestHeaders headers) {
        final String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        return contentType != null && contentType.startsWith("application/grpc");
    }

    public static HttpResponse respond(HttpRequest req, HttpStatus httpStatus, Status.Code grpcCode,
                                       String message) {
        return respond(req.headers(), httpStatus, grpcCode, message);
    }

    public static HttpResponse respond(RequestHeaders headers, HttpStatus httpStatus, Status.Code grpcCode,
                                       String message) {
        if (isGrpc(headers)) {
            final String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
                                                  .contentType(MediaType.parse(contentType))
                                                  .add("grpc-status", String.valueOf(grpcCode.value()))
                                                  .add("grpc-message", escape(message))
                                                  .endOfStream(true)
                                                  .build());
        }
        return HttpResponse.of(httpStatus, MediaType.PLAIN_TEXT_UTF_8, message + '\n');
    }

    /**
     * Answers a failed forward (nothing received from {@code target}) in the caller's protocol:
     * 503 / UNAVAILABLE when the request never reached it (safe to retry elsewhere), 502 / UNAVAILABLE
     * otherwise. A response that already started streaming just ends with the error.
     */
    public static HttpResponse recoverForward(HttpResponse res, RequestHeaders headers, String target) {
        return res.recover(cause -> {
            final Throwable root = Exceptions.peel(cause);
            if (root instanceof ContentTooLargeException || root instanceof HttpStatusException ||
                root instanceof HttpResponseException) {
                return HttpResponse.ofFailure(root); // e.g. the caller's body broke our limit: Armeria answers 413
            }
            final boolean unprocessed = root instanceof UnprocessedRequestException;
            return respond(headers, unprocessed ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY,
                           Status.Code.UNAVAILABLE,
                           target + (unprocessed ? " is unreachable: " : " failed: ") + describe(root));
        });
    }

    private static String describe(Throwable t) {
        final Throwable cause = t instanceof UnprocessedRequestException && t.getCause() != null ? t.getCause() : t;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Percent-encodes a {@code grpc-message} as the gRPC spec requires (non-printable ASCII and '%'). */
    static String escape(String message) {
        final StringBuilder out = new StringBuilder(message.length());
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            if (b >= ' ' && b <= '~' && b != '%') {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private ProxyErrors() {}
}
