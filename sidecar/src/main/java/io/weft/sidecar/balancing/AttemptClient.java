package io.weft.sidecar.balancing;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.client.SimpleDecoratingHttpClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;

/**
 * Runs once per attempt, after the endpoint is chosen: records the endpoint in the request's
 * {@link AttemptHistory}, counts the attempt in flight until its log completes, then reports the
 * attempt's {@link Outcome} to the {@link OutlierDetector}. Never blocks.
 */
final class AttemptClient extends SimpleDecoratingHttpClient {

    private final OutlierDetector detector;

    AttemptClient(HttpClient delegate, OutlierDetector detector) {
        super(delegate);
        this.detector = detector;
    }

    @Override
    public HttpResponse execute(ClientRequestContext ctx, HttpRequest req) throws Exception {
        final Endpoint endpoint = ctx.endpoint();
        final EndpointState state = endpoint == null ? null : endpoint.attr(EndpointState.KEY);
        if (state == null) {
            return unwrap().execute(ctx, req); // not one of ours (e.g. a request with its own endpoint)
        }
        final AttemptHistory history = AttemptHistory.get(ctx);
        if (history != null) {
            history.record(state);
        }
        state.inFlight.incrementAndGet();
        ctx.log().whenComplete().thenAccept(log -> {
            // Report before leaving flight, so "nothing in flight" means "every outcome counted".
            detector.report(state, Outcome.of(log));
            state.inFlight.decrementAndGet();
        });
        return unwrap().execute(ctx, req);
    }
}
