/**
 * Load balancing, outlier ejection, retries and per-request timeouts for the sidecar's outbound
 * path. One {@link io.weft.sidecar.balancing.UpstreamCluster} per upstream service; the sidecar
 * feeds it endpoints from the control plane and builds one {@code WebClient} on it.
 *
 * <h2>One request through the pieces</h2>
 * <pre>
 *  WebClient.execute(req)
 *   1. Armeria creates the request context and asks the cluster's EndpointGroup
 *      (ClusterEndpointGroup) for an endpoint: UpstreamCluster.select() filters out ejected
 *      endpoints and hands the rest to the Picker (SmoothWeightedRoundRobin, LeastRequest on in-flight
 *      counts, WeightedRandom, or consistent hashing on the request's REQUEST_HASH: RingHash, Maglev),
 *      chosen by the cluster's Balancer (a Consul resolver's LoadBalancer, swapped whole).
 *   2. RequestClient (once per request): counts the request for the RetryBudget; sets the whole
 *      request's timeout when policy.requestTimeout is not zero (the sidecar's clusters have none: the
 *      listener's deadline, io.weft.sidecar.deadline, is the hop's one timer); decides the
 *      RequestKind; puts an AttemptHistory on the context. A request no retry could ever apply to goes
 *      straight to step 4.
 *   3. RequestAttempts (no Armeria RetryingClient): the first attempt runs on the request's own
 *      context, fed by a ReplayBuffer that keeps the body's chunks (reference-counted, up to
 *      policy.retryReplayLimit, 64 KiB by default) until the request commits, counting gRPC messages
 *      on the way (GrpcFrameCounter). On the attempt's response headers (its whole response, for calls
 *      declared unary) RetryRules decide: commit — the kept chunks are released and the response
 *      streams on — or retry after a backoff on a derived context, to the endpoint the selector picks
 *      now that it skips those in the AttemptHistory, fed what was kept plus the rest of the body.
 *   4. AttemptClient (once per attempt): records the endpoint in the AttemptHistory, counts it in
 *      flight, and when the attempt's log completes reports its Outcome to the OutlierDetector.
 *   5. OutlierDetector: N failures in a row eject the endpoint for base x times-ejected (capped),
 *      within maxEjectionPercent; it returns by itself when its time has passed (injected Clock).
 *  A relay that carries the bytes itself (the Netty outbound front) takes steps 1-5 through
 *  RelayedAttempts: the same picker, history, rules, budget, backoff and outlier reports; it keeps
 *  the body itself.
 * </pre>
 *
 * <h2>What is retried</h2>
 * At most {@code maxRetries} (default 2) times, within the retry budget (20 % of requests plus
 * 10/s over 10 s by default). A request that never reached the upstream (connect failure, refused
 * stream, beyond a GOAWAY), or that the upstream's sidecar answered without passing it to its app
 * ({@code x-weft-failure: unreachable}, {@code draining} or {@code not_ready}), is always safe to resend,
 * and its retry takes no budget: it adds no work to any app. After the upstream received it, only
 * idempotent HTTP methods and unary gRPC are retried, on a reset stream, HTTP 503 or gRPC
 * UNAVAILABLE. The outbound sidecar has no descriptors, so a gRPC call counts as unary when the
 * caller says so ({@link io.weft.sidecar.balancing.UpstreamCluster#UNARY_GRPC}) or while, at the
 * time of the decision, its body has shown at most one message and has not failed — it need not have
 * ended, since an upstream whose app is gone refuses the call before the caller's end of stream
 * arrives (gRPC's retry design, A6, likewise commits a call on response headers, not on its request's
 * shape); a call that sent two or more messages is never retried. For such unmarked calls the decision is taken on response headers
 * only (trailers-only UNAVAILABLE), because waiting for trailers would mean buffering a server stream.
 * A body larger than the replay limit is never retried.
 *
 * <p>A request a Consul route sent carries the route's {@link io.weft.sidecar.balancing.RouteRetry}
 * ({@link io.weft.sidecar.balancing.UpstreamCluster#ROUTE_RETRY}), which replaces these rules with the
 * route's conditions and count (Envoy's retry-on), for any method; the budget, the replay limit, the
 * streaming rule and the resend of a request that never reached the upstream stay.
 *
 * <h2>Threads</h2>
 * Everything here runs on Armeria event loops or the control-plane thread that calls
 * {@code update}; nothing blocks. State shared between them is atomic or behind short locks.
 */
@NonNullByDefault
package io.weft.sidecar.balancing;

import io.weft.common.annotation.NonNullByDefault;
