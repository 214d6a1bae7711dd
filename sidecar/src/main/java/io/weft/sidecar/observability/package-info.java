/**
 * The Armeria side of seeing a hop: {@link io.weft.sidecar.observability.HopObservation} is one layer per
 * listener that opens the hop's span ({@code io.weft.sidecar.tracing}), puts its context on the request it
 * forwards, and when the exchange ends reads the outcome from Armeria's request log (status, gRPC status,
 * bytes, timing, the verified peer, the routed upstream) into the span and the access log
 * ({@code io.weft.sidecar.accesslog}). {@link io.weft.sidecar.observability.HopObservation#attemptRecorder()}
 * sits on each upstream client and notes every attempt's endpoint in the hop's
 * {@link io.weft.sidecar.observability.HopRecord}. With tracing and access logs both off, the listener has
 * no such layer at all.
 */
@NonNullByDefault
package io.weft.sidecar.observability;

import io.weft.common.annotation.NonNullByDefault;
