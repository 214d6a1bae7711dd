package io.weft.sidecar.tracing;

import java.util.Locale;

/** Which listener a hop crossed; named in the span ({@code weft.hop}) and in the access log. */
public enum Hop {
    /** The callee's side: mTLS listener in front of the app. A server span. */
    INBOUND,
    /** The caller's side: loopback listener the app sends to. A client span, parent of the callee's inbound span. */
    OUTBOUND,
    /** Gateway mode: where a request enters the mesh. A server span, usually a trace's root. */
    EDGE;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** {@code inbound}, {@code outbound} or {@code edge}. */
    public String label() {
        return label;
    }
}
