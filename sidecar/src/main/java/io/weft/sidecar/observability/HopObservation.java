package io.weft.sidecar.observability;

import java.util.function.Function;

import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.accesslog.AccessLog;
import io.weft.sidecar.accesslog.AccessLogEntry;
import io.weft.sidecar.failure.CallerKind;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.tracing.Hop;
import io.weft.sidecar.tracing.HopOutcome;
import io.weft.sidecar.tracing.HopSpan;
import io.weft.sidecar.tracing.HopTracer;
import io.weft.sidecar.tracing.TraceHeaders;

/**
 * Tracing and access logs for the Armeria listeners: {@link #layer} wraps a listener's service. On the
 * event loop it only parses the trace headers, draws the span's ids and (tracing on) rewrites them on the
 * forwarded request; the rest runs when Armeria's request log completes: the outcome goes into the span
 * (queued for export) and an access log entry (queued for the writer thread).
 */
public final class HopObservation implements AutoCloseable {
    private static final TraceHeaders.Getter<RequestHeaders> GET = RequestHeaders::get;
    private static final TraceHeaders.Setter<RequestHeadersBuilder> SET = RequestHeadersBuilder::set;

    private final HopTracer tracer;
    private final boolean tracing;
    @Nullable
    private final AccessLog accessLog;

    /** {@code tracer} is {@link HopTracer#off()} when tracing is off; {@code accessLog} {@code null} when off. */
    public HopObservation(HopTracer tracer, @Nullable AccessLog accessLog) {
        this.tracer = tracer;
        tracing = tracer != HopTracer.off();
        this.accessLog = accessLog;
    }

    /** Nothing to observe: tracing and access logs off. */
    public static HopObservation off() {
        return new HopObservation(HopTracer.off(), null);
    }

    /** Whether tracing or access logs are on: a hop then needs this layer. */
    public boolean observes() {
        return tracing || accessLog != null;
    }

    /** The listener's tracing and access log layer, or {@code delegate} itself when both are off. */
    public HttpService layer(HttpService delegate, Hop hop, Function<ServiceRequestContext, @Nullable String> peer,
                             Function<ServiceRequestContext, @Nullable String> upstream) {
        if (!observes()) {
            return delegate;
        }
        return (ctx, req) -> {
            final HopSpan span = tracer.start(hop, req.headers(), GET);
            final HopRecord record = new HopRecord(span);
            ctx.setAttr(HopRecord.KEY, record);
            ctx.log().whenComplete().thenAccept(log -> finish(hop, record, log, peer.apply(ctx), upstream.apply(ctx)));
            return delegate.serve(ctx, span.injects() ? withContext(req, span) : req);
        };
    }

    /** The request with the caller's trace headers replaced by this hop's span context. */
    private static HttpRequest withContext(HttpRequest req, HopSpan span) {
        final RequestHeadersBuilder headers = req.headers().toBuilder();
        for (String name : TraceHeaders.NAMES) {
            headers.remove(name);
        }
        span.inject(headers, SET);
        return req.withHeaders(headers.build());
    }

    /**
     * A decorator for an upstream client, per attempt (inside the retry layer): notes each attempt's
     * endpoint on the hop that sent it, for the span, the access log and the retry count.
     */
    public static Function<? super HttpClient, ? extends HttpClient> attemptRecorder() {
        return delegate -> (HttpClient) (ctx, req) -> {
            final ServiceRequestContext root = ctx.root();
            final HopRecord record = root == null ? null : root.attr(HopRecord.KEY);
            if (record != null) {
                record.attempt(ctx.endpoint());
            }
            return delegate.execute(ctx, req);
        };
    }

    /**
     * A hop a Netty relay carries, observed as {@link #layer} observes a listener's: its span joins the trace in
     * the request's headers (read with {@code get}); null when tracing and access logs are off.
     *
     * @param path the request's {@code :path}; the query is left out of spans and logs
     */
    @Nullable
    public <C> RelayedHop relayed(Hop hop, C headers, TraceHeaders.Getter<C> get, String method,
                                  @Nullable String authority, String path, boolean grpc) {
        if (!observes()) {
            return null;
        }
        return new RelayedHop(this, hop, tracer.start(hop, headers, get), method, authority, pathOnly(path), grpc);
    }

    /** Runs when the exchange ended (on the event loop, or the thread that completed the log). */
    private void finish(Hop hop, HopRecord record, RequestLog log, @Nullable String peer, @Nullable String upstream) {
        final RequestHeaders request = log.requestHeaders();
        final boolean grpc = CallerKind.isGrpc(request);
        final ResponseHeaders response = log.responseHeaders();
        record(hop, record.span, request.method().name(), request.authority(), pathOnly(request.path()), grpc,
               log.requestStartTimeMicros(), log.totalDurationNanos(), response.status().code(),
               grpcStatus(response, log.responseTrailers(), grpc), response.get(FailureResponses.FAILURE_HEADER),
               log.responseCause(), peer, upstream, record.endpoint(), record.retries(), log.requestLength(),
               log.responseLength());
    }

    /** One ended hop into its span (tracing on) and the access log (when on), whichever transport carried it. */
    void record(Hop hop, HopSpan span, String method, @Nullable String authority, String path, boolean grpc,
                long startMicros, long durationNanos, int status, @Nullable String grpcStatus,
                @Nullable String failure, @Nullable Throwable cause, @Nullable String peer,
                @Nullable String upstream, @Nullable String endpoint, int retries, long bytesIn, long bytesOut) {
        if (tracing) {
            span.finish(new HopOutcome(method, path, grpc, startMicros, durationNanos, status, grpcStatus, peer,
                                       upstream, endpoint, retries, error(failure, cause, status, grpcStatus)));
        }
        if (accessLog != null) {
            accessLog.log(new AccessLogEntry(startMicros, hop.label(), method, authority, path, status, grpcStatus,
                                             durationNanos, bytesIn, bytesOut, upstream, endpoint, peer, retries,
                                             span.traceId(), failure));
        }
    }

    @Nullable
    private static String grpcStatus(HttpHeaders headers, HttpHeaders trailers, boolean grpc) {
        if (!grpc) {
            return null;
        }
        final String inTrailers = trailers.get("grpc-status");
        return inTrailers != null ? inTrailers : headers.get("grpc-status"); // trailers-only responses
    }

    @Nullable
    private static String error(@Nullable String failure, @Nullable Throwable cause, int status,
                                @Nullable String grpcStatus) {
        if (failure != null) {
            return failure;
        }
        if (cause != null) {
            return cause.getClass().getSimpleName();
        }
        if (status >= 500 || status == 0) {
            return Integer.toString(status);
        }
        return grpcStatus != null && !grpcStatus.equals("0") ? "grpc-status " + grpcStatus : null;
    }

    static String pathOnly(String path) {
        final int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    @Override
    public void close() {
        tracer.close();
        if (accessLog != null) {
            accessLog.close();
        }
    }
}
