package io.weft.sidecar.transcoding;

import com.google.gson.JsonObject;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;

import io.grpc.Status;

/** The error body of the JSON path: {@code {"code":"INVALID_ARGUMENT","message":"..."}}. */
final class JsonErrors {

    static JsonObject body(Status.Code code, String message) {
        final JsonObject body = new JsonObject();
        body.addProperty("code", code.name());
        body.addProperty("message", message);
        return body;
    }

    static HttpResponse response(Status.Code code, String message) {
        return response(GrpcStatuses.toHttpStatus(code), code, message);
    }

    static HttpResponse response(GrpcCallException e) {
        return response(e.code(), e.getMessage());
    }

    static HttpResponse response(HttpStatus status, Status.Code code, String message) {
        return HttpResponse.of(ResponseHeaders.of(status, "content-type", MediaType.JSON_UTF_8),
                               HttpData.ofUtf8(body(code, message).toString()));
    }

    private JsonErrors() {}
}
