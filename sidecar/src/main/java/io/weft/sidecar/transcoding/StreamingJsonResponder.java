package io.weft.sidecar.transcoding;

import java.util.concurrent.CompletableFuture;

import io.weft.common.annotation.Nullable;

import com.google.gson.JsonObject;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;

/**
 * The JSON answer to a server-streaming call, written message by message as they arrive: a JSON
 * array ({@code [{...},{...}]}) or NDJSON (one object a line) when the caller accepts
 * {@code application/x-ndjson}.
 *
 * <p>The status line is sent with the first message, so an error before any message still gets
 * its mapped HTTP status and the plain error body. An error after that ends the stream with
 * {@code {"error":{"code":...,"message":...}}} as the last element (array) or line (NDJSON).
 */
final class StreamingJsonResponder implements GrpcResponseReader.Sink {

    static final MediaType NDJSON = MediaType.create("application", "x-ndjson");

    private final JsonResponseEncoder encoder;
    private final boolean ndjson;
    private final HttpResponseWriter writer = HttpResponse.streaming();
    private final ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK);
    private boolean committed;

    StreamingJsonResponder(JsonResponseEncoder encoder, boolean ndjson) {
        this.encoder = encoder;
        this.ndjson = ndjson;
    }

    HttpResponseWriter response() {
        return writer;
    }

    @Override
    public void onHeaders(HttpHeaders keptHeaders) {
        if (!committed) { // trailers after the first message cannot be sent as headers any more
            HeaderFilters.copyToCaller(keptHeaders, headers);
        }
    }

    @Override
    public void onMessage(byte[] message) {
        final String json = encoder.encode(message);
        if (ndjson) {
            write(json + '\n');
        } else {
            write((committed ? "," : "[") + json);
        }
    }

    @Override
    public CompletableFuture<?> whenReady() {
        return writer.whenConsumed();
    }

    @Override
    public void onClose(@Nullable GrpcCallException error) {
        if (!committed && error != null) {
            headers.status(error.httpStatus()).contentType(MediaType.JSON_UTF_8);
            JsonErrors.nameFailure(error, headers);
            writer.tryWrite(headers.build());
            writer.tryWrite(HttpData.ofUtf8(encoder.errorBody(error).toString()));
        } else if (error != null) {
            final JsonObject object = new JsonObject();
            object.add("error", encoder.errorBody(error));
            write(ndjson ? object + "\n" : "," + object + ']');
        } else if (ndjson) {
            write("");
        } else {
            write(committed ? "]" : "[]");
        }
        writer.close();
    }

    private void write(String text) {
        if (!committed) {
            committed = true;
            writer.tryWrite(headers.contentType(ndjson ? NDJSON : MediaType.JSON_UTF_8).build());
        }
        if (!text.isEmpty()) {
            writer.tryWrite(HttpData.ofUtf8(text));
        }
    }
}
