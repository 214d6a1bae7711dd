package io.weft.sidecar.transcoding;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.failure.CallerKind;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;
import java.util.function.Consumer;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.grpc.Status;

/**
 * Serves one JSON call on a matched route: read the body (bounded), JSON to the request message,
 * one gRPC call to the app through {@code toApp} — the listener's innermost to-app layer, the same one
 * native gRPC takes — and the response back as JSON ({@link UnaryJsonResponder} or
 * {@link StreamingJsonResponder}). Runs on the request's event loop and never blocks it.
 */
final class JsonCallHandler {

    private final WebClient app;
    private final int maxMessageLength;
    private final boolean printDefaults;
    private final Consumer<GrpcCallException> onAppFailure;

    JsonCallHandler(WebClient app, int maxMessageLength, boolean printDefaults,
                    Consumer<GrpcCallException> onAppFailure) {
        this.app = app;
        this.maxMessageLength = maxMessageLength;
        this.printDefaults = printDefaults;
        this.onAppFailure = onAppFailure;
    }

    int maxMessageLength() {
        return maxMessageLength;
    }

    boolean printDefaults() {
        return printDefaults;
    }

    /**
     * Serves one JSON call. The body is read as JSON when it says so, says nothing, or says
     * {@code application/x-www-form-urlencoded}: that is what {@code curl -d '{"a":1}'} sends, and a
     * transcoder that refuses the most common way to try it helps nobody (Envoy's does not look either).
     * Anything else (XML, protobuf, ...) is refused with 415.
     */
    HttpResponse serve(ServiceRequestContext ctx, HttpRequest req, TranscodingTable table,
                       TranscodingTable.Route route, HttpService toApp) {
        final MethodDescriptor method = route.method();
        if (method.isClientStreaming()) {
            req.abort();
            return JsonErrors.response(Status.Code.UNIMPLEMENTED, TranscodingTable.grpcPath(method) + " is a " +
                                       (method.isServerStreaming() ? "bidirectional" : "client") +
                                       "-streaming method: call it with native gRPC (JSON serves unary and " +
                                       "server-streaming methods)");
        }
        final MediaType contentType = req.contentType();
        if (!readsAsJson(contentType)) {
            req.abort();
            return FailureResponses.render(CallerKind.JSON, FailureKind.UNSUPPORTED_MEDIA_TYPE.with(
                    "content-type " + contentType + " (expected: application/json)"));
        }
        final long contentLength = req.headers().contentLength();
        if (contentLength > maxMessageLength) {
            req.abort();
            return tooLarge(contentLength);
        }
        // Counted here rather than by lowering ctx.maxRequestLength(), so the caller gets our JSON 413
        // instead of the server's plain-text one.
        final long[] received = { 0 };
        final HttpRequest bounded = req.mapData(data -> {
            received[0] += data.length();
            if (received[0] > maxMessageLength) {
                data.close();
                throw ContentTooLargeException.get();
            }
            return data;
        });
        return HttpResponse.of(bounded.aggregate().handle((aggregated, cause) -> {
            if (cause != null) {
                final Throwable peeled = Exceptions.peel(cause);
                return peeled instanceof ContentTooLargeException ? tooLarge(-1) : HttpResponse.ofFailure(peeled);
            }
            try {
                return call(ctx, aggregated, table, route, toApp);
            } catch (GrpcCallException e) {
                return JsonErrors.response(e);
            }
        }));
    }

    private HttpResponse call(ServiceRequestContext ctx, AggregatedHttpRequest req, TranscodingTable table,
                              TranscodingTable.Route route, HttpService toApp) {
        final MethodDescriptor method = route.method();
        final byte[] message = requestFrame(table, route, req.contentUtf8(), ctx.query());

        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST,
                                                                     TranscodingTable.grpcPath(method));
        HeaderFilters.copyToApp(req.headers(), headers);
        HeaderFilters.GRPC_CALL.forEach(headers::set);
        final HttpResponse upstream = callApp(ctx, toApp, HttpRequest.of(headers.build(), HttpData.wrap(message)));
        ctx.whenRequestCancelling().thenAccept(unused -> upstream.abort());

        final JsonResponseEncoder encoder = encoder(table, route, printDefaults);
        final HttpResponse response;
        final GrpcResponseReader.Sink sink;
        if (method.isServerStreaming()) {
            final boolean ndjson = req.headers().accept().stream().anyMatch(
                    type -> type.is(StreamingJsonResponder.NDJSON));
            final StreamingJsonResponder streaming = new StreamingJsonResponder(encoder, ndjson);
            streaming.response().whenComplete().exceptionally(cause -> {
                upstream.abort(); // the JSON caller went away
                return null;
            });
            sink = streaming;
            response = streaming.response();
        } else {
            final UnaryJsonResponder unary = new UnaryJsonResponder(encoder);
            sink = unary;
            response = unary.response();
        }
        upstream.subscribe(new GrpcResponseReader(sink, maxMessageLength, app, onAppFailure), ctx.eventLoop());
        return response;
    }

    /**
     * Whether a body with this content type is read as JSON: JSON, none, or a form ({@code curl -d}); see
     * {@link #serve}.
     */
    static boolean readsAsJson(@Nullable MediaType contentType) {
        return contentType == null || contentType.isJson() || contentType.is(MediaType.FORM_DATA);
    }

    /**
     * The gRPC request of a JSON call, framed: the body, the query ({@code null}: none) and the path's variables
     * decoded into the route's request message.
     *
     * @throws GrpcCallException INVALID_ARGUMENT naming what is wrong
     */
    static byte[] requestFrame(TranscodingTable table, TranscodingTable.Route route, String body,
                               @Nullable String query) {
        final DynamicMessage message = new JsonRequestDecoder(table.typeRegistry())
                .decode(route, body, QueryParams.fromQueryString(query));
        return GrpcFrames.frame(message.toByteArray());
    }

    /** What prints a route's response messages (only its {@code response_body} field, when it names one). */
    static JsonResponseEncoder encoder(TranscodingTable table, TranscodingTable.Route route, boolean printDefaults) {
        final HttpBinding binding = route.binding();
        return new JsonResponseEncoder(table.typeRegistry(), printDefaults, route.method().getOutputType(),
                                       binding == null ? "" : binding.responseBody());
    }

    private static HttpResponse callApp(ServiceRequestContext ctx, HttpService toApp, HttpRequest grpc) {
        try {
            return toApp.serve(ctx, grpc);
        } catch (Exception e) {
            return HttpResponse.ofFailure(e); // read like any failed call
        }
    }

    private HttpResponse tooLarge(long length) {
        return FailureResponses.render(CallerKind.JSON, JsonErrors.tooLarge(length, maxMessageLength));
    }
}
