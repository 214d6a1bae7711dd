/**
 * Tracing of one hop, independent of the transport that carries it: {@link io.weft.sidecar.tracing.HopTracer}
 * reads the caller's trace context through a {@link io.weft.sidecar.tracing.TraceHeaders.Getter} (W3C
 * {@code traceparent}/{@code tracestate}, then B3 single {@code b3}, then B3 multi {@code X-B3-*}), opens the
 * hop's one span as a child of it (or a new trace), writes the span's context in every format through a
 * {@link io.weft.sidecar.tracing.TraceHeaders.Setter} for whatever the hop sends on, and is told the
 * outcome in a {@link io.weft.sidecar.tracing.HopOutcome}. Spans are recorded by Brave and exported to a
 * Zipkin v2 API by zipkin-reporter's bounded queue on its own thread; a full queue drops spans and counts
 * them ({@code weft_trace_spans_dropped_total}). With tracing off, {@link io.weft.sidecar.tracing.HopTracer#off()}
 * only reads the incoming trace id (for the access log) and no Brave class is loaded.
 *
 * <p>The Armeria listeners call it from {@code io.weft.sidecar.observability}; a relay that carries the
 * bytes itself calls the same three methods: {@code start}, {@code inject}, {@code finish}.
 */
@NonNullByDefault
package io.weft.sidecar.tracing;

import io.weft.common.annotation.NonNullByDefault;
