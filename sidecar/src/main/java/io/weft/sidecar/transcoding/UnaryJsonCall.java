package io.weft.sidecar.transcoding;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.reactivestreams.Subscription;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.ResponseHeaders;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.failure.Failure;

/**
 * One unary JSON call on a matched route, for a front that moves the bytes itself (the inbound Netty front)
 * instead of handing the request to {@link GrpcJsonTranscoder} on an Armeria listener. The transcoding is
 * the same code: the route, {@link JsonRequestDecoder}, {@link HeaderFilters}, {@link GrpcResponseReader}
 * and {@link UnaryJsonResponder}; only the transport differs. Made by
 * {@link GrpcJsonTranscoder#unaryCall} for the common case alone; everything else keeps the Armeria path.
 *
 * <p>Use from one thread (the stream's event loop): {@link #requestMessage} once the body is whole, then the
 * app's response into {@link #responseHeaders}, {@link #responseData}, {@link #responseEnd} or
 * {@link #responseFailed}; {@link #answer()} completes with the JSON answer, on that thread.
 */
public final class UnaryJsonCall {
    /** The app's response is read whole (one message), so the reader needs no demand signals. */
    private static final Subscription UNBOUNDED = new Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private final TranscodingTable table;
    private final TranscodingTable.Route route;
    private final String query;
    private final int maxMessageLength;
    private final UnaryJsonResponder responder;
    private final GrpcResponseReader reader;

    UnaryJsonCall(TranscodingTable table, TranscodingTable.Route route, String query, int maxMessageLength,
                  boolean printDefaults, WebClient app, Consumer<GrpcCallException> onAppFailure) {
        this.table = table;
        this.route = route;
        this.query = query;
        this.maxMessageLength = maxMessageLength;
        responder = new UnaryJsonResponder(JsonCallHandler.encoder(table, route, printDefaults));
        reader = new GrpcResponseReader(responder, maxMessageLength, app, onAppFailure);
        reader.onSubscribe(UNBOUNDED);
    }

    /** The gRPC method's path, {@code /pkg.Service/Method}. */
    public String grpcPath() {
        return TranscodingTable.grpcPath(route.method());
    }

    /** The largest JSON body (and app message) accepted, in bytes. */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /** Whether a caller's header (lower case) goes on to the app's gRPC call. */
    public static boolean passesToApp(CharSequence name) {
        return HeaderFilters.toApp(name);
    }

    /** The headers the app's gRPC call carries whatever the caller sent ({@code content-type}, {@code te}...). */
    public static Map<String, String> grpcCallHeaders() {
        return HeaderFilters.GRPC_CALL;
    }

    /**
     * The request message from the JSON body (UTF-8), the query and the path's variables, gRPC-framed; or
     * {@code null} when the body does not make one, after which {@link #answer()} holds the 400 naming why.
     */
    @Nullable
    public byte[] requestMessage(String body) {
        try {
            return JsonCallHandler.requestFrame(table, route, body, query);
        } catch (GrpcCallException e) {
            responder.answer().complete(JsonErrors.aggregated(e));
            return null;
        }
    }

    /** The body is above {@link #maxMessageLength}: {@link #answer()} holds the 413 ({@code length} < 0: unknown). */
    public void tooLarge(long length) {
        responder.answer().complete(JsonErrors.aggregated(JsonErrors.tooLarge(length, maxMessageLength)));
    }

    /** The app's response headers: informational ones, then the final ones (trailers-only included). */
    public void responseHeaders(ResponseHeaders headers) {
        reader.onNext(headers);
    }

    /** The app's trailers. */
    public void responseTrailers(HttpHeaders trailers) {
        reader.onNext(trailers);
    }

    public void responseData(byte[] data) {
        reader.onNext(HttpData.wrap(data));
    }

    /** The app's response ended cleanly. */
    public void responseEnd() {
        reader.onComplete();
    }

    /** The call to the app failed (unreachable, reset, ...): answered in the JSON language, as classified. */
    public void responseFailed(Failure failure) {
        reader.onError(new GrpcCallException(failure));
    }

    /** The JSON answer: the response message, or the error in the JSON path's vocabulary. */
    public CompletableFuture<AggregatedHttpResponse> answer() {
        return responder.answer();
    }
}
