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
 * timeout when the policy has one (in the sidecar it has none: the listener's deadline, which reads
 * {@code grpc-timeout}, is the hop's one timer), classifies the request,
 * and sends it through a {@code RetryingClient} when a retry could ever apply, or straight to the
 * attempt decorator when none can (so nothing is buffered for it).
 */
final class RequestClient extends SimpleDecoratingHttpClient {

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
        final Duration timeout = cluster.policy().requestTimeout();
        if (!timeout.isZero()) {
            ctx.setResponseTimeout(TimeoutMode.SET_FROM_START, timeout);
        }

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
}
