package io.weft.sidecar.transcoding;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.failure.CallerKind;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;
import java.util.List;
import java.util.function.Function;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;


/**
 * JSON/REST in front of a gRPC app in another process, from the descriptors the app publishes by
 * server reflection. A decorator: requests whose content type is {@code application/grpc*} go to
 * the decorated service untouched (native gRPC never needs reflection); every other request is a
 * JSON call, answered here, whose gRPC call to the app goes through the decorated service as well —
 * one path to the app for both. {@code appClient} is used for reflection and to name the app.
 *
 * <pre>{@code
 * WebClient app = WebClient.builder("h2c://127.0.0.1:" + appPort).build();
 * GrpcJsonTranscoder transcoder = GrpcJsonTranscoder.builder(app)
 *         .reflectionRetryBackoff(Backoff.exponential(100, 5_000))
 *         .build();
 * transcoder.start();
 * HttpService toApp = (ctx, req) -> app.execute(req);     // the native gRPC path
 * serverBuilder.serviceUnder("/", toApp.decorate(transcoder));
 * ...
 * transcoder.close();
 * }</pre>
 *
 * <p>Thread-safety: {@link #serve} runs on the request's event loop and never blocks it; the
 * descriptor table is an immutable snapshot swapped atomically by the background refresh.
 */
public final class GrpcJsonTranscoder implements DecoratingHttpServiceFunction, AutoCloseable {

    /** Starts building a transcoder that reaches the app (gRPC over H2C) with {@code appClient}. */
    public static GrpcJsonTranscoderBuilder builder(WebClient appClient) {
        return new GrpcJsonTranscoderBuilder(appClient);
    }

    private final WebClient appClient;
    private final DescriptorWatcher watcher;
    private final JsonCallHandler handler;

    GrpcJsonTranscoder(WebClient appClient, DescriptorWatcher watcher, int maxMessageLength,
                       boolean printDefaultValues) {
        this.appClient = appClient;
        this.watcher = watcher;
        handler = new JsonCallHandler(appClient, maxMessageLength, printDefaultValues, this::onAppFailure);
    }

    /** Starts fetching the app's descriptors in the background (retrying until the app is up). */
    public GrpcJsonTranscoder start() {
        watcher.start();
        return this;
    }

    /** Stops the background refresh. In-flight JSON calls finish. */
    @Override
    public void close() {
        watcher.close();
    }

    /** This transcoder as a decorator, for {@code ServiceBindingBuilder.decorator(...)}. */
    public Function<? super HttpService, ? extends HttpService> newDecorator() {
        return delegate -> delegate.decorate(this);
    }

    /** What is loaded now, for the admin page. */
    public TranscoderState state() {
        final TranscodingTable table = watcher.table();
        if (table == null) {
            return new TranscoderState(false, 0, List.of(), List.of(), List.of(), List.of(),
                                       watcher.sourceDescription(), null, watcher.lastCheck(), watcher.lastError());
        }
        return new TranscoderState(true, table.version(), table.services(), table.methodPaths(),
                                   table.bindings().stream().map(HttpBinding::toString).toList(),
                                   table.problems(), watcher.sourceDescription(), table.loadedAt(),
                                   watcher.lastCheck(), watcher.lastError());
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        final MediaType contentType = req.contentType();
        if (contentType != null && isGrpc(contentType)) {
            return delegate.serve(ctx, req);
        }
        final TranscodingTable table = watcher.table();
        if (table == null) {
            req.abort();
            final String why = watcher.lastError();
            return FailureResponses.render(CallerKind.JSON, FailureKind.NOT_READY.with(
                                       "JSON transcoding is not ready: the app's gRPC descriptors are not loaded " +
                                       "yet (server reflection on " + appClient.uri() +
                                       (why == null ? "" : ": " + why) + "); retry shortly"))
                             .mapHeaders(headers -> headers.toBuilder().set(HttpHeaderNames.RETRY_AFTER, "1").build());
        }
        final TranscodingTable.Route route;
        final boolean otherMethod;
        try {
            route = table.route(req.method(), ctx.path());
            otherMethod = route == null && table.hasPathWithOtherMethod(req.method(), ctx.path());
        } catch (IllegalArgumentException e) {
            req.abort();
            return FailureResponses.render(CallerKind.JSON,
                                           FailureKind.MALFORMED.with("path " + ctx.path() + ": " + e.getMessage()));
        }
        if (route == null) {
            req.abort();
            if (otherMethod) {
                return FailureResponses.render(CallerKind.JSON, FailureKind.WRONG_METHOD.with(
                        "no JSON route for " + req.method() + ' ' + ctx.path() +
                        " (the path is mapped for another HTTP method)"));
            }
            return FailureResponses.render(CallerKind.JSON, FailureKind.NO_ROUTE.with(
                    "no JSON route for " + req.method() + ' ' + ctx.path() +
                    " (expected: a google.api.http route of the app, or POST " +
                    "/<package.Service>/<Method> with application/json)"));
        }
        return handler.serve(ctx, req, table, route, delegate); // the gRPC call takes the native path
    }

    /**
     * A unary JSON call for a front of its own, or {@code null} where the Armeria path ({@link #serve}) must
     * take the request: descriptors not loaded, no route or a streaming method, a body that says it is not
     * JSON, a path Armeria would normalise first — every case whose answer is not the common one.
     *
     * @param pathAndQuery the request's {@code :path}, still percent-encoded
     */
    @Nullable
    public UnaryJsonCall unaryCall(String method, String pathAndQuery, @Nullable String contentType) {
        final TranscodingTable table = watcher.table();
        final HttpMethod httpMethod = HttpMethod.tryParse(method);
        if (table == null || httpMethod == null || !isJsonBody(contentType)) {
            return null;
        }
        final int q = pathAndQuery.indexOf('?');
        final String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        if (!isPlain(path)) {
            return null;
        }
        final TranscodingTable.Route route;
        try {
            route = table.route(httpMethod, path);
        } catch (IllegalArgumentException e) {
            return null; // malformed: the Armeria path names it
        }
        if (route == null || route.method().isClientStreaming() || route.method().isServerStreaming()) {
            return null;
        }
        return new UnaryJsonCall(table, route, q < 0 ? "" : pathAndQuery.substring(q + 1),
                                 handler.maxMessageLength(), handler.printDefaults(), appClient,
                                 this::onAppFailure);
    }

    /** JSON, unlabelled or a form ({@code curl -d}), as {@link JsonCallHandler} reads it. */
    private static boolean isJsonBody(@Nullable String contentType) {
        if (contentType == null) {
            return true;
        }
        final MediaType type;
        try {
            type = MediaType.parse(contentType);
        } catch (IllegalArgumentException e) {
            return false; // the Armeria path answers a garbled content-type
        }
        return !isGrpc(type) && JsonCallHandler.readsAsJson(type);
    }

    /** An absolute path Armeria would leave as it is: no empty, dot or escaped-separator segments to normalise. */
    private static boolean isPlain(String path) {
        if (path.isEmpty() || path.charAt(0) != '/' || path.contains("//") || path.contains("/.")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            final char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '\\' || c == '#' || c == '%') {
                return false;
            }
        }
        return true;
    }

    private void onAppFailure(GrpcCallException failure) {
        if (UpstreamFailures.suggestsRestart(failure.code())) {
            watcher.requestRefresh(failure.code() + ": " + failure.getMessage());
        }
    }

    private static boolean isGrpc(MediaType contentType) {
        return "application".equals(contentType.type()) && contentType.subtype().startsWith("grpc");
    }
}
