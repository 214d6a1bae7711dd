package io.weft.sidecar.balancing;

import java.time.Duration;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.client.SimpleDecoratingHttpClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.util.TimeoutMode;

/**
 * Runs once per request, before any attempt: counts it for the retry budget, sets the whole-request
 * timeout when the policy has one (in the sidecar it has none: the listener's deadline, which reads
 * {@code grpc-timeout}, is the hop's one timer), classifies the request, and runs its attempts
 * ({@link RequestAttempts}) under the cluster's retry rules or the request's route's
 * ({@link UpstreamCluster#ROUTE_RETRY}) — or, when no retry could ever apply, sends it straight to the attempt
 * decorator, so nothing is buffered for it.
 */
final class RequestClient extends SimpleDecoratingHttpClient {

    private final HttpClient attempt;
    private final UpstreamCluster cluster;

    RequestClient(HttpClient attempt, UpstreamCluster cluster) {
        super(attempt);
        this.attempt = attempt;
        this.cluster = cluster;
    }

    @Override
    public HttpResponse execute(ClientRequestContext ctx, HttpRequest req) throws Exception {
        cluster.onRequest();
        final ClusterPolicy policy = cluster.policy();
        final Duration timeout = policy.requestTimeout();
        if (!timeout.isZero()) {
            ctx.setResponseTimeout(TimeoutMode.SET_FROM_START, timeout);
        }
        final RequestKind kind = RequestKind.of(ctx, req.headers());
        final RouteRetry route = ctx.attr(UpstreamCluster.ROUTE_RETRY);
        final boolean unprocessedRetries = policy.maxRetries() > 0 && policy.retryUnprocessedAnyMethod();
        if (route != null ? route.numRetries() == 0 && !unprocessedRetries
                          : policy.maxRetries() == 0 || kind == RequestKind.OTHER && !unprocessedRetries) {
            return attempt.execute(ctx, req);
        }
        final GrpcFrameCounter frames = kind == RequestKind.GRPC_UNKNOWN ? new GrpcFrameCounter() : null;
        final ReplayBuffer body = new ReplayBuffer(req, policy.retryReplayLimit(),
                                                   ctx.eventLoop().withoutContext(), frames);
        final AttemptHistory history = new AttemptHistory(kind, frames, frames == null ? null : body.whenComplete(),
                                                          route);
        ctx.setAttr(AttemptHistory.KEY, history);
        return new RequestAttempts(ctx, req, attempt, cluster, history, body).start();
    }
}
