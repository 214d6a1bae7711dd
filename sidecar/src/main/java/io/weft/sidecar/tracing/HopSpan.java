package io.weft.sidecar.tracing;

import io.weft.common.annotation.Nullable;

/**
 * One hop's span, from {@link HopTracer#start}: its context goes on with the request ({@link #inject}),
 * and it ends with the hop ({@link #finish}). Safe to finish from any thread; finishing never blocks
 * (an exported span is queued, or dropped and counted when the queue is full).
 */
public interface HopSpan {

    /** The trace id in lower-case hex (for the access log), {@code null} when the hop knows none. */
    @Nullable
    String traceId();

    /** Whether {@link #inject} writes anything; when not, the caller's trace headers pass as they came. */
    boolean injects();

    /** Writes this span's context, as the parent of whatever the hop sends on, in every format. */
    <C> void inject(C carrier, TraceHeaders.Setter<C> setter);

    /** Records the outcome and ends the span (exported when sampled). Call once. */
    void finish(HopOutcome outcome);
}
