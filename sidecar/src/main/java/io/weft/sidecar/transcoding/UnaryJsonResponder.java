package io.weft.sidecar.transcoding;

import java.util.concurrent.CompletableFuture;

import io.weft.common.annotation.Nullable;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;

import io.grpc.Status;

/**
 * The JSON answer to a unary call: the one response message as a JSON object, or the error body
 * with the mapped HTTP status. The app's kept headers and trailers become response headers.
 */
final class UnaryJsonResponder implements GrpcResponseReader.Sink {

    private final JsonResponseEncoder encoder;
    private final CompletableFuture<AggregatedHttpResponse> response = new CompletableFuture<>();
    private final ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK);
    @Nullable
    private String json;

    UnaryJsonResponder(JsonResponseEncoder encoder) {
        this.encoder = encoder;
    }

    /** The answer, for an Armeria service. */
    HttpResponse response() {
        return HttpResponse.of(response.thenApply(AggregatedHttpResponse::toHttpResponse));
    }

    /** The same answer whole, for a front that writes it itself; complete once the app's response ended. */
    CompletableFuture<AggregatedHttpResponse> answer() {
        return response;
    }

    @Override
    public void onHeaders(HttpHeaders keptHeaders) {
        HeaderFilters.copyToCaller(keptHeaders, headers);
    }

    @Override
    public void onMessage(byte[] message) {
        if (json != null) {
            throw new GrpcCallException(Status.Code.INTERNAL, "the app sent more than one message for a unary call");
        }
        json = encoder.encode(message);
    }

    @Override
    public CompletableFuture<?> whenReady() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onClose(@Nullable GrpcCallException error) {
        if (error == null && json == null) {
            error = new GrpcCallException(Status.Code.INTERNAL, "the app sent no message for a unary call");
        }
        final String body;
        if (error != null) {
            headers.status(error.httpStatus());
            JsonErrors.nameFailure(error, headers);
            body = encoder.errorBody(error).toString();
        } else {
            body = json;
        }
        headers.contentType(MediaType.JSON_UTF_8);
        response.complete(AggregatedHttpResponse.of(headers.build(), HttpData.ofUtf8(body)));
    }
}
