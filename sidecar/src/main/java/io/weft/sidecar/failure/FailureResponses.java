package io.weft.sidecar.failure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.grpc.protocol.GrpcHeaderNames;
import com.linecorp.armeria.common.grpc.protocol.StatusMessageEscaper;

import io.netty.util.AsciiString;
import io.weft.common.annotation.Nullable;

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

    /**
     * An answer as headers and a body, for a relay that writes its own frames; {@link #render} makes the
     * Armeria response of the same answer. A gRPC answer is trailers-only: its body is empty and its
     * headers end the stream.
     */
    public record Answer(ResponseHeaders headers, HttpData body) {}

    public static HttpResponse render(RequestHeaders callerHeaders, Failure failure) {
        return response(answer(CallerKind.of(callerHeaders), callerHeaders.get(HttpHeaderNames.CONTENT_TYPE),
                               failure));
    }

    public static HttpResponse render(CallerKind caller, Failure failure) {
        return response(answer(caller, null, failure));
    }

    /**
     * The answer to a {@code caller}; {@code contentType} is the request's, which a gRPC answer repeats
     * ({@code application/grpc} when null).
     */
    public static Answer answer(CallerKind caller, @Nullable String contentType, Failure failure) {
        switch (caller) {
            case GRPC:
                return grpc(contentType == null ? GRPC : MediaType.parse(contentType), failure);
            case JSON:
                return json(failure);
            default:
                return text(failure);
        }
    }

    private static HttpResponse response(Answer answer) {
        return answer.body().isEmpty() ? HttpResponse.of(answer.headers())
                                       : HttpResponse.of(answer.headers(), answer.body());
    }

    /** Trailers-only: HTTP 200 with {@code grpc-status} and the escaped {@code grpc-message}, end of stream. */
    private static Answer grpc(MediaType contentType, Failure failure) {
        return new Answer(ResponseHeaders.builder(HttpStatus.OK)
                                         .contentType(contentType)
                                         .add(grpcStatus(failure))
                                         .endOfStream(true)
                                         .build(), HttpData.empty());
    }

    /**
     * The gRPC status of {@code failure} as it ends a stream: {@code grpc-status}, the escaped
     * {@code grpc-message} and {@value #FAILURE_HEADER}; the trailers of a relay whose app's response had
     * already started.
     */
    public static HttpHeaders grpcStatus(Failure failure) {
        return HttpHeaders.builder()
                          .add(GrpcHeaderNames.GRPC_STATUS, Integer.toString(failure.kind().grpcCode().value()))
                          .add(GrpcHeaderNames.GRPC_MESSAGE, StatusMessageEscaper.escape(failure.message()))
                          .add(FAILURE_HEADER_NAME, name(failure))
                          .build();
    }

    private static Answer json(Failure failure) {
        final byte[] body;
        try {
            body = JSON.writeValueAsBytes(new JsonError(failure.kind().grpcCode().name(), failure.message()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a two-string record as JSON", e);
        }
        return new Answer(headers(failure, MediaType.JSON_UTF_8), HttpData.wrap(body));
    }

    private static Answer text(Failure failure) {
        return new Answer(headers(failure, MediaType.PLAIN_TEXT_UTF_8), HttpData.ofUtf8(failure.message() + '\n'));
    }

    private static ResponseHeaders headers(Failure failure, MediaType contentType) {
        return ResponseHeaders.builder(failure.kind().httpStatus())
                              .contentType(contentType)
                              .add(FAILURE_HEADER_NAME, name(failure))
                              .build();
    }

    private static String name(Failure failure) {
        return failure.kind().headerValue();
    }

    private FailureResponses() {}
}
