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
 *      endpoints and hands the rest to the Picker (SmoothWeightedRoundRobin, or
 *      PowerOfTwoLeastRequest on in-flight counts).
 *   2. RequestClient (once per request): counts the request for the RetryBudget; sets the whole
 *      request's timeout when policy.requestTimeout is not zero (the sidecar's clusters have none: the
 *      listener's deadline, io.weft.sidecar.deadline, is the hop's one timer); decides the
 *      RequestKind; puts an AttemptHistory on the context; for a gRPC call of unknown shape, wraps
 *      the body in a GrpcFrameCounter.
 *   3. RetryingClient (Armeria): duplicates the request per attempt. After each attempt's response
 *      headers (or whole response, for calls declared unary) it asks UpstreamRetryRule; a retry
 *      re-enters step 1's selector, which now also skips endpoints in the AttemptHistory, so each
 *      retry goes to a different endpoint while one is left.
 *   4. AttemptClient (once per attempt): records the endpoint in the AttemptHistory, counts it in
 *      flight, and when the attempt's log completes reports its Outcome to the OutlierDetector.
 *   5. OutlierDetector: N failures in a row eject the endpoint for base x times-ejected (capped),
 *      within maxEjectionPercent; it returns by itself when its time has passed (injected Clock).
 * </pre>
 *
 * <h2>What is retried</h2>
 * At most {@code maxRetries} (default 2) times, within the retry budget (20 % of requests plus
 * 10/s over 10 s by default). A request that never reached the upstream (connect failure, refused
 * stream, beyond a GOAWAY) is always safe to resend. After the upstream received it, only
 * idempotent HTTP methods and unary gRPC are retried, on a reset stream, HTTP 503 or gRPC
 * UNAVAILABLE. The outbound sidecar has no descriptors, so a gRPC call counts as unary when the
 * caller says so ({@link io.weft.sidecar.balancing.UpstreamCluster#UNARY_GRPC}) or while, at the
 * time of the decision, its body has shown at most one message and has not failed — it need not have
 * ended, since an upstream whose app is gone refuses the call before the caller's end of stream
 * arrives (gRPC's retry design, A6, likewise commits a call on response headers, not on its request's
 * shape); a call that sent two or more messages is never retried. For such unmarked calls the decision is taken on response headers
 * only (trailers-only UNAVAILABLE), because waiting for trailers would make RetryingClient buffer a
 * server stream.
 *
 * <h2>Threads</h2>
 * Everything here runs on Armeria event loops or the control-plane thread that calls
 * {@code update}; nothing blocks. State shared between them is atomic or behind short locks.
 */
@NonNullByDefault
package io.weft.sidecar.balancing;

import io.weft.common.annotation.NonNullByDefault;
