package io.weft.sidecar.transcoding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;

import io.grpc.Status;
import io.weft.sidecar.failure.CallerKind;
import io.weft.sidecar.failure.Failure;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;

/**
 * The error body of the JSON path: {@code {"code":"INVALID_ARGUMENT","message":"..."}}, plus
 * {@code "details"} (the {@code google.rpc.Status} details as proto3 JSON, {@code Any} with
 * {@code @type}) when the app sent some whose types are known.
 */
final class JsonErrors {

    private static final Logger logger = LoggerFactory.getLogger(JsonErrors.class);

    static JsonObject body(Status.Code code, String message) {
        final JsonObject body = new JsonObject();
        body.addProperty("code", code.name());
        body.addProperty("message", message);
        return body;
    }

    /** The body for an error from the app, with its status details when they can be printed. */
    static JsonObject body(GrpcCallException error, JsonFormat.Printer printer) {
        final JsonObject body = body(error.code(), error.getMessage());
        final ByteString details = error.statusDetails();
        if (details == null) {
            return body;
        }
        try {
            final JsonArray array = new JsonArray();
            for (Any detail : com.google.rpc.Status.parseFrom(details).getDetailsList()) {
                array.add(JsonParser.parseString(printer.print(detail)));
            }
            if (!array.isEmpty()) {
                body.add("details", array);
            }
        } catch (InvalidProtocolBufferException e) {
            logger.debug("Dropped the app's grpc-status-details-bin: {}", e.getMessage());
        }
        return body;
    }

    static HttpResponse response(Status.Code code, String message) {
        return response(GrpcStatuses.toHttpStatus(code), code, message);
    }

    static HttpResponse response(GrpcCallException e) {
        return aggregated(e).toHttpResponse();
    }

    /** The answer to {@code e} whole: the failure table's for the sidecar's own failures, else the app's status. */
    static AggregatedHttpResponse aggregated(GrpcCallException e) {
        final FailureKind kind = e.kind();
        if (kind != null) {
            return aggregated(new Failure(kind, e.getMessage()));
        }
        return AggregatedHttpResponse.of(ResponseHeaders.of(e.httpStatus(), "content-type", MediaType.JSON_UTF_8),
                                         HttpData.ofUtf8(body(e.code(), e.getMessage()).toString()));
    }

    /** A JSON body above the limit ({@code length} < 0: not declared, counted as it arrived). */
    static Failure tooLarge(long length, int maxMessageLength) {
        return FailureKind.TOO_LARGE.with("request body" + (length >= 0 ? " of " + length + " bytes" : "") +
                                          " exceeds the limit of " + maxMessageLength + " bytes");
    }

    /** The sidecar's own failure in the JSON language, whole. */
    static AggregatedHttpResponse aggregated(Failure failure) {
        final FailureResponses.Answer answer = FailureResponses.answer(CallerKind.JSON, null, failure);
        return AggregatedHttpResponse.of(answer.headers(), answer.body());
    }

    /**
     * Names this sidecar's own failure (not an app's status) in {@code x-weft-failure}, as every listener's
     * answer does: a calling sidecar reads it (an {@code unreachable} app never saw the request, so the
     * caller may send it to another instance).
     */
    static void nameFailure(GrpcCallException error, ResponseHeadersBuilder headers) {
        final FailureKind kind = error.kind();
        if (kind != null) {
            headers.set(FailureResponses.FAILURE_HEADER, kind.headerValue());
        }
    }

    static HttpResponse response(HttpStatus status, Status.Code code, String message) {
        return HttpResponse.of(ResponseHeaders.of(status, "content-type", MediaType.JSON_UTF_8),
                               HttpData.ofUtf8(body(code, message).toString()));
    }

    private JsonErrors() {}
}
