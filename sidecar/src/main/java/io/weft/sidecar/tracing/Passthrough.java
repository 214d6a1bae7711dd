package io.weft.sidecar.tracing;

import io.weft.common.annotation.Nullable;

/** Tracing off: no span, no export; the caller's headers travel on untouched. */
final class Passthrough implements HopTracer {
    static final Passthrough INSTANCE = new Passthrough();

    @Override
    public <C> HopSpan start(Hop hop, C carrier, TraceHeaders.Getter<C> getter) {
        final SpanContext caller = TraceHeaders.extract(carrier, getter);
        final String traceId = caller == null || !caller.hasIds() ? null : caller.traceIdHex();
        return new HopSpan() {
            @Override
            @Nullable
            public String traceId() {
                return traceId;
            }

            @Override
            public boolean injects() {
                return false;
            }

            @Override
            public <D> void inject(D carrier, TraceHeaders.Setter<D> setter) {}

            @Override
            public void finish(HopOutcome outcome) {}
        };
    }

    @Override
    public void close() {}

    private Passthrough() {}
}
