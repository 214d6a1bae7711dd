package io.weft.sidecar;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Function;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerErrorHandler;

import io.netty.channel.EventLoopGroup;
import io.weft.certs.SpiffeId;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.balancing.ClusterPolicy;
import io.weft.sidecar.balancing.LoadBalancing;
import io.weft.sidecar.balancing.UpstreamCluster;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.deadline.Deadline;
import io.weft.sidecar.discovery.MeshStateStore;
import io.weft.sidecar.failure.CallerKind;
import io.weft.sidecar.failure.FailureRescue;
import io.weft.sidecar.gateway.EdgeRouter;
import io.weft.sidecar.inbound.Authorization;
import io.weft.sidecar.inbound.AuthorizationService;
import io.weft.sidecar.inbound.PeerIdentityService;
import io.weft.sidecar.inbound.RelayedPeer;
import io.weft.sidecar.metrics.RelayedRequests;
import io.weft.sidecar.metrics.RequestMetricsService;
import io.weft.sidecar.metrics.SidecarMetrics;
import io.weft.sidecar.observability.HopObservation;
import io.weft.sidecar.outbound.MtlsOrigination;
import io.weft.sidecar.outbound.OutboundRouter;
import io.weft.sidecar.relay.InboundFront;
import io.weft.sidecar.relay.InboundPolicy;
import io.weft.sidecar.relay.OutboundFront;
import io.weft.sidecar.relay.OutboundPolicy;
import io.weft.sidecar.tls.InboundHandshakeFailures;
import io.weft.sidecar.tls.InboundTls;
import io.weft.sidecar.tls.UpstreamTlsSpecs;
import io.weft.sidecar.tracing.Hop;
import io.weft.sidecar.transcoding.GrpcJsonTranscoder;

/**
 * THE one place where the request path is assembled, layer by layer, in the order a request meets
 * them: drain -> tracing/access log -> metrics -> deadline -> limits -> TLS identity -> authorization -> transcoding ->
 * routing -> retry -> load balancing -> mTLS. Layers are applied innermost first, so each method reads
 * bottom-up in request order. Every failure on a listener is answered by its one rescue, the listener's
 * error handler (Armeria ends every response with it, so it wraps all layers at no cost per request).
 */
final class RequestPath {

    /** What a listener serves: its layers, and the rescue that answers every failure among them. */
    record Listener(HttpService service, ServerErrorHandler rescue) {
        void applyTo(ServerBuilder sb) {
            sb.serviceUnder("/", service).errorHandler(rescue);
        }
    }

    /**
     * Inbound (mTLS listener): caller -> ... -> the local app. With {@code relayed}, the listener is the
     * private one behind the Netty front ({@link #inboundFront}): the caller is the peer the front vouched for.
     */
    static Listener inbound(HttpService app, Function<? super HttpService, ? extends HttpService> transcoding,
                            MeshStateStore store, SidecarConfig config, SidecarMetrics metrics,
                            HopObservation observation, Drain drain, @Nullable RelayedPeer relayed) {
        HttpService s = app;                                    // routing: forward to the local app on loopback
        s = transcoding.apply(s);                               // transcoding: JSON/REST <-> gRPC; native gRPC untouched
        s = new AuthorizationService(s, authorization(store, config, metrics)); // authorization: intentions
        s = new PeerIdentityService(s, config.trustDomain(), relayed); // TLS identity: caller's SPIFFE ID, headers reset
        s = streamLimits(s);                                    // limits: body cap for HTTP bodies, not gRPC streams
        s = Deadline.layer(s, config.limits().requestTimeout()); // deadline: the hop's one timer, grpc-timeout read here
        s = RequestMetricsService.inbound(s, metrics, config.service(), RequestPath::peerService); // metrics by caller
        final String self = config.service();
        s = observation.layer(s, Hop.INBOUND, RequestPath::peerId, ctx -> self); // span, access log
        s = drain.layer(s);                                     // drain: refuse new requests once shutting down
        final String appAt = appTarget(config);
        return new Listener(s, FailureRescue.of(ctx -> appAt)); // failures: one vocabulary, in the caller's language
    }

    /**
     * Inbound on Netty ({@code --inbound-relay netty}): the front owns the port and terminates mTLS; a gRPC
     * stream to a gRPC app is relayed frame by frame, and a unary JSON call to one transcoded by the front
     * with the {@code transcoder}'s code, under the same policy, in the same order, as {@link #inbound} —
     * drain -> observe -> metrics -> deadline -> limits -> TLS identity -> authorization -> (transcoding) ->
     * to-app (spelled out in {@code relay.RelayedStream#relayToApp}) — calling the same decisions; every other
     * stream and every HTTP/1.1 connection goes to {@link #inbound}'s path on the private listener at
     * {@code armeria}, with the caller vouched for by {@code relayed}.
     */
    static InboundFront inboundFront(InboundTls tls, EventLoopGroup workers, InetSocketAddress armeria,
                                     RelayedPeer relayed, @Nullable GrpcJsonTranscoder transcoder,
                                     MeshStateStore store, SidecarConfig config,
                                     SidecarMetrics metrics, HopObservation observation, Drain drain) {
        final InboundPolicy policy = new InboundPolicy(
                config.service(),
                drain,                                          // drain: refuse new requests once shutting down
                observation,                                    // span, access log
                RelayedRequests.inbound(metrics, config.service()), // metrics by caller: the inbound series
                config.limits().requestTimeout(),               // deadline: the hop's one timer, grpc-timeout read
                authorization(store, config, metrics),          // authorization: intentions
                config.appProtocol() == AppProtocol.GRPC                            // to-app: h2c for a gRPC
                ? new InetSocketAddress(config.appHost(), config.appPort()) : null, // app's gRPC and JSON calls
                config.appHost() + ':' + config.appPort(), appTarget(config),
                transcoder,                                     // transcoding: unary JSON <-> gRPC, to the app
                armeria, relayed);                              // the rest: the Armeria inbound path
        return InboundFront.start(new InetSocketAddress(config.inbound().bindAddress(), config.inbound().port()),
                                  workers, tls, policy, config.limits(), config.trustDomain(),
                                  new InboundHandshakeFailures(metrics));
    }

    private static String appTarget(SidecarConfig config) {
        return "the app at " + config.appHost() + ':' + config.appPort();
    }

    /** Outbound (loopback listener): the app -> routing -> the upstream's client (below). */
    static Listener outbound(OutboundRouter router, SidecarConfig config, SidecarMetrics metrics,
                             HopObservation observation, Drain drain) {
        HttpService s = router;                                 // routing: :authority -> upstream (client below)
        s = streamLimits(s);                                    // limits: body cap for HTTP bodies, not gRPC streams
        s = Deadline.layer(s, config.limits().requestTimeout()); // deadline: the hop's one timer, grpc-timeout read here
        s = RequestMetricsService.outbound(s, metrics, ctx -> ctx.attr(OutboundRouter.UPSTREAM)); // metrics by upstream
        s = observation.layer(s, Hop.OUTBOUND, ctx -> null, ctx -> ctx.attr(OutboundRouter.UPSTREAM)); // span, log
        s = drain.layer(s);                                     // drain: refuse new requests once shutting down
        return new Listener(s, FailureRescue.of(OutboundRouter::targetOf)); // failures: in the caller's language
    }

    /**
     * Outbound on Netty ({@code --outbound-relay netty}): the front owns the port; an HTTP/2 stream — gRPC,
     * JSON or other HTTP — whose {@code :authority} names an upstream on its default chain (no Consul routes)
     * is relayed under the same policy, in the same order, as {@link #outbound} — drain -> observe -> metrics
     * -> deadline -> limits -> routing -> retry -> load balancing -> attempt -> mTLS (spelled out in
     * {@code relay.OutboundStream#relay}) — calling the same decisions: {@code OutboundRouter#plainUpstream},
     * the cluster's {@code RelayedAttempts} (picker, outlier reports, retry rules by request kind, budget and
     * backoff) and the service's TLS identity check. Every other stream — a service with Consul routes, an
     * unknown one — and every HTTP/1.1 connection goes to {@link #outbound}'s path on the private listener at
     * {@code armeria}, which answers as it always did.
     */
    static OutboundFront outboundFront(EventLoopGroup workers, InetSocketAddress armeria, OutboundRouter router,
                                       UpstreamTlsSpecs tlsSpecs, SidecarConfig config, SidecarMetrics metrics,
                                       HopObservation observation, Drain drain) {
        final OutboundPolicy policy = new OutboundPolicy(
                drain,                                          // drain: refuse new requests once shutting down
                RelayedRequests.outbound(metrics),              // metrics by upstream: the outbound series
                config.limits().requestTimeout(),               // deadline: the hop's one timer, grpc-timeout read
                config.limits().maxRequestBytes(),              // limits: body cap for HTTP bodies, not gRPC streams
                router,                                         // routing: :authority -> upstream, default chain only
                observation,                                    // span, access log
                armeria);                                       // the rest: the Armeria outbound path
        return OutboundFront.start(new InetSocketAddress(config.outbound().bindAddress(), config.outbound().port()),
                                   workers, policy, config.limits(), tlsSpecs); // mTLS: the service's identity
    }

    /** Edge (gateway mode): path prefix or Host -> exactly the outbound path. */
    static Listener edge(EdgeRouter router, SidecarConfig config, SidecarMetrics metrics,
                         HopObservation observation, Drain drain) {
        HttpService s = router;                                 // routing: path prefix or Host, then the outbound path
        s = streamLimits(s);                                    // limits: body cap for HTTP bodies, not gRPC streams
        s = Deadline.layer(s, config.limits().requestTimeout()); // deadline: the hop's one timer, grpc-timeout read here
        s = RequestMetricsService.edge(s, metrics, ctx -> ctx.attr(OutboundRouter.UPSTREAM)); // metrics by upstream
        s = observation.layer(s, Hop.EDGE, ctx -> null, ctx -> ctx.attr(OutboundRouter.UPSTREAM)); // span, log
        s = drain.layer(s);                                     // drain: refuse new requests once shutting down
        return new Listener(s, FailureRescue.of(OutboundRouter::targetOf)); // failures: in the caller's language
    }

    /**
     * The client behind routing for one upstream service, outermost last: retry -> attempt -> mTLS, on
     * the cluster's balancing. No timer: the listener's deadline governs every attempt.
     */
    static WebClient upstreamClient(String service, UpstreamCluster cluster, ClientFactory factory,
                                    UpstreamTlsSpecs tlsSpecs) {
        return WebClient.builder(SessionProtocol.H2, cluster.endpointGroup()) // balancing: WRR or P2C, ejected skipped
                        .factory(factory)
                        .decorator(MtlsOrigination.newDecorator(service, tlsSpecs)) // mTLS per attempt: server = service
                        .decorator(HopObservation.attemptRecorder()) // observed: each attempt's endpoint
                        .decorator(cluster.attemptDecorator()) // attempt: tried endpoints, in flight, outlier report
                        .decorator(cluster.requestDecorator()) // retry: budget, replay buffer, backoff, another endpoint
                        .responseTimeout(Duration.ZERO)       // no timer here: the listener's deadline governs
                        .maxResponseLength(0)                 // streamed; request limits apply on ingress
                        .build();
    }

    /** The per-upstream policy: config limits, and least-request where configured. */
    static UpstreamCluster cluster(String service, SidecarConfig config, SidecarMetrics metrics) {
        final UpstreamCluster cluster = UpstreamCluster.of(service, ClusterPolicy.builder()
                .loadBalancing(config.leastRequestUpstreams().contains(service) ? LoadBalancing.LEAST_REQUEST
                                                                                : LoadBalancing.WEIGHTED_ROUND_ROBIN)
                .requestTimeout(Duration.ZERO) // the listener's deadline is the hop's one timer
                .retryReplayLimit(config.retryReplayLimit())
                .build());
        cluster.bindTo(metrics.registry());
        return cluster;
    }

    /**
     * The listener's max request length is a cap on an HTTP body (413 beyond it). A gRPC stream is a
     * sequence of messages that may live for hours, so the cumulative cap would cut healthy streams:
     * lift it for gRPC and leave per-message limits to the app.
     */
    private static HttpService streamLimits(HttpService delegate) {
        return (ctx, req) -> {
            if (CallerKind.isGrpc(req.headers())) {
                ctx.setMaxRequestLength(0);
            }
            return delegate.serve(ctx, req);
        };
    }

    /** The inbound authorization decision, which the Armeria layer and the Netty relay both ask. */
    static Authorization authorization(MeshStateStore store, SidecarConfig config, SidecarMetrics metrics) {
        return new Authorization(store, config.service(), config.defaultIntentionPolicy(), metrics);
    }

    private static String peerService(com.linecorp.armeria.server.ServiceRequestContext ctx) {
        final SpiffeId peer = ctx.attr(PeerIdentityService.PEER);
        return peer == null ? "unauthenticated" : peer.service();
    }

    @io.weft.common.annotation.Nullable
    private static String peerId(com.linecorp.armeria.server.ServiceRequestContext ctx) {
        final SpiffeId peer = ctx.attr(PeerIdentityService.PEER);
        return peer == null ? null : peer.uri();
    }

    private RequestPath() {}
}
