package io.weft.sidecar.observability;

import com.linecorp.armeria.client.Endpoint;

import io.netty.util.AttributeKey;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.tracing.HopSpan;

/**
 * One request's hop, on its server context: the span, and the attempts its upstream client made (the
 * attempt recorder writes them on the event loop; the completion callback reads them after the last).
 */
final class HopRecord {
    static final AttributeKey<HopRecord> KEY = AttributeKey.valueOf(HopRecord.class, "HOP");

    final HopSpan span;
    private volatile int attempts;
    @Nullable
    private volatile Endpoint lastEndpoint;

    HopRecord(HopSpan span) {
        this.span = span;
    }

    void attempt(@Nullable Endpoint endpoint) {
        attempts++; // attempts of one request run one after another, never at once
        lastEndpoint = endpoint;
    }

    int retries() {
        return Math.max(0, attempts - 1);
    }

    @Nullable
    String endpoint() {
        final Endpoint e = lastEndpoint;
        if (e == null) {
            return null;
        }
        return RelayedHop.hostPort(e);
    }
}
