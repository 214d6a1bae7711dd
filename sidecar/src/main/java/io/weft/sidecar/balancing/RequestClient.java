package io.weft.sidecar.balancing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.client.SimpleDecoratingHttpClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.util.TimeoutMode;

/**
 * Runs once per request, before any retry: counts it for the retry budget, sets the whole-request
 * timeout (the policy's, or the caller's {@code grpc-timeout} if smaller), classifies the request,
 * and sends it through a {@code RetryingClient} when a retry could ever apply, or straight to the
 * attempt decorator when none can (so nothing is buffered for it).
 */
final class RequestClient extends SimpleDecoratingHttpClient {

    /** A timeout of zero means none to Armeria, so an already-expired deadline becomes this. */
    private static final Duration SMALLEST_TIMEOUT = Duration.ofMillis(1);

    private final UpstreamCluster cluster;
    private final HttpClient retrying;
    private final HttpClient retryingWithTrailers;

    RequestClient(HttpClient attempt, HttpClient retrying, HttpClient retryingWithTrailers,
                  UpstreamCluster cluster) {
        super(attempt);
        this.cluster = cluster;
        this.retrying = retrying;
        this.retryingWithTrailers = retryingWithTrailers;
    }

    @Override
    public HttpResponse execute(ClientRequestContext ctx, HttpRequest req) throws Exception {
        cluster.onRequest();
        final RequestHeaders headers = req.headers();
        applyTimeout(ctx, headers);

        final ClusterPolicy policy = cluster.policy();
        final RequestKind kind = RequestKind.of(ctx, headers);
        if (policy.maxRetries() == 0 || kind == RequestKind.OTHER && !policy.retryUnprocessedAnyMethod()) {
            return unwrap().execute(ctx, req);
        }
        if (kind == RequestKind.GRPC_UNKNOWN) {
            final GrpcFrameCounter frames = new GrpcFrameCounter();
            final HttpRequest counted = req.peekData(frames);
            final CompletableFuture<Void> complete = counted.whenComplete();
            ctx.setAttr(AttemptHistory.KEY, new AttemptHistory(kind, frames, complete));
            return retrying.execute(ctx, counted);
        }
        ctx.setAttr(AttemptHistory.KEY, new AttemptHistory(kind, null, null));
        return (kind == RequestKind.GRPC_UNARY ? retryingWithTrailers : retrying).execute(ctx, req);
    }

    private void applyTimeout(ClientRequestContext ctx, RequestHeaders headers) {
        Duration timeout = cluster.policy().requestTimeout();
        final Duration grpc = GrpcTimeout.tryParse(headers.get(GrpcTimeout.HEADER)).orElse(null);
        if (grpc != null && (timeout.isZero() || grpc.compareTo(timeout) < 0)) {
            timeout = grpc.compareTo(SMALLEST_TIMEOUT) < 0 ? SMALLEST_TIMEOUT : grpc;
        }
        if (!timeout.isZero()) {
            ctx.setResponseTimeout(TimeoutMode.SET_FROM_START, timeout);
        }
    }
}
