package io.weft.sidecar;

import java.util.function.Function;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.endpoint.EndpointGroup;
import com.linecorp.armeria.client.retry.Backoff;
import com.linecorp.armeria.client.retry.RetryDecision;
import com.linecorp.armeria.client.retry.RetryRule;
import com.linecorp.armeria.client.retry.RetryingClient;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.HttpService;

import io.weft.certs.SpiffeId;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.discovery.MeshStateStore;
import io.weft.sidecar.gateway.EdgeRouter;
import io.weft.sidecar.inbound.AuthorizationService;
import io.weft.sidecar.inbound.PeerIdentityService;
import io.weft.sidecar.metrics.RequestMetricsService;
import io.weft.sidecar.metrics.SidecarMetrics;
import io.weft.sidecar.outbound.MtlsOrigination;
import io.weft.sidecar.outbound.OutboundRouter;
import io.weft.sidecar.tls.UpstreamTlsSpecs;

/**
 * THE one place where the request path is assembled, layer by layer, in the order a request meets
 * them: TLS identity -> authorization -> transcoding -> routing -> retry -> load balancing.
 * Layers are applied innermost first, so each method reads bottom-up in request order.
 */
final class RequestPath {

    /** Inbound (mTLS listener): caller -> ... -> the local app. */
    static HttpService inbound(HttpService app, Function<? super HttpService, ? extends HttpService> transcoding,
                               MeshStateStore store, SidecarConfig config, SidecarMetrics metrics, Drain drain) {
        HttpService s = app;                                    // routing: forward to the local app on loopback
        s = transcoding.apply(s);                               // transcoding: JSON/REST <-> gRPC; native gRPC untouched
        s = new AuthorizationService(s, store, config.service(),
                                     config.defaultIntentionPolicy(), metrics); // authorization: intentions
        s = new PeerIdentityService(s, metrics);                // TLS identity: caller's SPIFFE ID, identity headers reset
        s = new RequestMetricsService(s, metrics, SidecarMetrics.DIRECTION_INBOUND, // metrics, by caller
                                      ctx -> config.service(), RequestPath::peerService);
        return drain.layer(s);                                  // drain: refuse new requests once shutting down
    }

    /** Outbound (loopback listener): the app -> routing -> the upstream's client (below). */
    static HttpService outbound(OutboundRouter router, SidecarMetrics metrics, Drain drain) {
        HttpService s = router;                                 // routing: :authority -> upstream (client below)
        s = new RequestMetricsService(s, metrics, SidecarMetrics.DIRECTION_OUTBOUND, // metrics, by upstream
                                      ctx -> ctx.attr(OutboundRouter.UPSTREAM), ctx -> "self");
        return drain.layer(s);                                  // drain: refuse new requests once shutting down
    }

    /** Edge (gateway mode): path prefix or Host -> exactly the outbound path. */
    static HttpService edge(EdgeRouter router, SidecarMetrics metrics, Drain drain) {
        HttpService s = router;                                 // routing: path prefix or Host, then the outbound path
        s = new RequestMetricsService(s, metrics, SidecarMetrics.DIRECTION_EDGE, // metrics, by upstream
                                      ctx -> ctx.attr(OutboundRouter.UPSTREAM), ctx -> "edge");
        return drain.layer(s);                                  // drain: refuse new requests once shutting down
    }

    /** The client behind routing for one upstream service: retry -> load balancing -> mTLS. */
    static WebClient upstreamClient(String service, EndpointGroup endpoints, ClientFactory factory,
                                    UpstreamTlsSpecs tlsSpecs, SidecarConfig config, SidecarMetrics metrics) {
        return WebClient.builder(SessionProtocol.H2, endpoints)       // load balancing: pick an endpoint per attempt
                        .factory(factory)
                        .decorator(MtlsOrigination.newDecorator(service, tlsSpecs)) // mTLS: our cert, server = service
                        .decorator(RetryingClient.builder(countingRetries(service, metrics))
                                                 .maxTotalAttempts(3)
                                                 .newDecorator())     // retry: unprocessed attempts, at most 2 retries
                        .responseTimeout(config.limits().requestTimeout())
                        .maxResponseLength(0)                         // streamed; request limits apply on ingress
                        .build();
    }

    /** Retries only attempts the upstream never processed (connect failure, refused stream): always safe. */
    private static RetryRule countingRetries(String service, SidecarMetrics metrics) {
        final RetryRule rule = RetryRule.onUnprocessed(Backoff.exponential(20, 1000).withJitter(0.2));
        return (ctx, cause) -> rule.shouldRetry(ctx, cause).thenApply(decision -> {
            if (decision != RetryDecision.noRetry() && decision != RetryDecision.next()) {
                metrics.retry(service);
            }
            return decision;
        });
    }

    private static String peerService(com.linecorp.armeria.server.ServiceRequestContext ctx) {
        final SpiffeId peer = ctx.attr(PeerIdentityService.PEER);
        return peer == null ? "unauthenticated" : peer.service();
    }

    private RequestPath() {}
}
