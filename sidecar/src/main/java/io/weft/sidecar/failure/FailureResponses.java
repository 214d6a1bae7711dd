package io.weft.sidecar.failure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.grpc.protocol.GrpcHeaderNames;
import com.linecorp.armeria.common.grpc.protocol.StatusMessageEscaper;

import io.netty.util.AsciiString;

/**
 * The one renderer: answers a {@link Failure} in the caller's language ({@link CallerKind}) with the
 * status pair its {@link FailureKind} carries, and names the kind in {@value #FAILURE_HEADER} (as
 * Linkerd's {@code l5d-proxy-error} does) so a caller or a test can tell a sidecar's answer from an app's.
 */
public final class FailureResponses {

    public static final String FAILURE_HEADER = "x-weft-failure";
    private static final AsciiString FAILURE_HEADER_NAME = AsciiString.of(FAILURE_HEADER);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType GRPC = MediaType.parse("application/grpc");

    /** The body of a JSON error; the same shape the transcoder gives an app's own errors. */
    record JsonError(String code, String message) {}

    public static HttpResponse render(RequestHeaders callerHeaders, Failure failure) {
        final CallerKind kind = CallerKind.of(callerHeaders);
        if (kind == CallerKind.GRPC) {
            final String contentType = callerHeaders.get(HttpHeaderNames.CONTENT_TYPE);
            return grpc(contentType == null ? GRPC : MediaType.parse(contentType), failure);
        }
        return render(kind, failure);
    }

    public static HttpResponse render(CallerKind caller, Failure failure) {
        switch (caller) {
            case GRPC:
                return grpc(GRPC, failure);
            case JSON:
                return json(failure);
            default:
                return text(failure);
        }
    }

    /** Trailers-only: HTTP 200 with {@code grpc-status} and the escaped {@code grpc-message}, end of stream. */
    private static HttpResponse grpc(MediaType contentType, Failure failure) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
                                              .contentType(contentType)
                                              .add(GrpcHeaderNames.GRPC_STATUS,
                                                   Integer.toString(failure.kind().grpcCode().value()))
                                              .add(GrpcHeaderNames.GRPC_MESSAGE,
                                                   StatusMessageEscaper.escape(failure.message()))
                                              .add(FAILURE_HEADER_NAME, name(failure))
                                              .endOfStream(true)
                                              .build());
    }

    private static HttpResponse json(Failure failure) {
        final byte[] body;
        try {
            body = JSON.writeValueAsBytes(new JsonError(failure.kind().grpcCode().name(), failure.message()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a two-string record as JSON", e);
        }
        return HttpResponse.of(headers(failure, MediaType.JSON_UTF_8), HttpData.wrap(body));
    }

    private static HttpResponse text(Failure failure) {
        return HttpResponse.of(headers(failure, MediaType.PLAIN_TEXT_UTF_8), HttpData.ofUtf8(failure.message() + '\n'));
    }

    private static ResponseHeaders headers(Failure failure, MediaType contentType) {
        return ResponseHeaders.builder(failure.kind().httpStatus())
                              .contentType(contentType)
                              .add(FAILURE_HEADER_NAME, name(failure))
                              .build();
    }

    private static String name(Failure failure) {
        return failure.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private FailureResponses() {}
}
