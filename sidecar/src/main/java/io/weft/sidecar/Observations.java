package io.weft.sidecar;

import io.micrometer.core.instrument.MeterRegistry;
import io.weft.sidecar.accesslog.AccessLog;
import io.weft.sidecar.config.Observability;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.observability.HopObservation;
import io.weft.sidecar.tracing.HopTracer;

/** Turns the observability options into the listeners' tracing and access log layer. */
final class Observations {
    /** Spans waiting for export at most; past it, spans are dropped and counted. */
    static final int TRACE_QUEUE_SPANS = 4096;

    static HopObservation of(SidecarConfig config, MeterRegistry registry) {
        final Observability o = config.observability();
        if (!o.tracing() && !o.accessLogOn()) {
            return HopObservation.off(); // no tracing or access log class beyond this one is loaded
        }
        final HopTracer tracer = o.tracing()
                                 ? HopTracer.zipkin(config.service(), o.traceSampling(), o.zipkin(),
                                                    TRACE_QUEUE_SPANS, registry)
                                 : HopTracer.off();
        return new HopObservation(tracer, o.accessLogOn() ? AccessLog.open(o.accessLog(), registry) : null);
    }

    private Observations() {}
}
