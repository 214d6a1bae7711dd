/**
 * One failure vocabulary for every listener (inbound, outbound, edge, transcoded), after linkerd2-proxy's
 * {@code errors/respond.rs}:
 * <ol>
 *   <li>{@link io.weft.sidecar.failure.Failures} classifies what went wrong into a typed
 *       {@link io.weft.sidecar.failure.Failure};</li>
 *   <li>{@link io.weft.sidecar.failure.FailureKind} is the one table from a kind to its HTTP status and gRPC
 *       code (timeouts are 504 / DEADLINE_EXCEEDED everywhere);</li>
 *   <li>{@link io.weft.sidecar.failure.FailureResponses} renders it in the caller's language
 *       ({@link io.weft.sidecar.failure.CallerKind}: gRPC trailers-only, JSON {@code {"code","message"}},
 *       or text);</li>
 *   <li>{@link io.weft.sidecar.failure.FailureRescue} is each listener's one rescue, its Armeria error
 *       handler: failures that arrive as exceptions, and the hop's deadline passing.</li>
 * </ol>
 * Layers that decide a failure themselves (a denial, no route) render it directly with the same renderer.
 */
@NonNullByDefault
package io.weft.sidecar.failure;

import io.weft.common.annotation.NonNullByDefault;
