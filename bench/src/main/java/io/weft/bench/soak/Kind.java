package io.weft.bench.soak;

import java.util.Locale;

/** What the soak sends: each kind is counted and reported on its own. */
public enum Kind {
    /** {@code SumService/Add} as gRPC through the load client's outbound sidecar. */
    UNARY,
    /** {@code POST /sum/v1/sum} as JSON through the gateway. */
    JSON,
    /** {@code SumService/Range}, a short server stream, through the outbound sidecar. */
    RANGE,
    /** {@code SumService/RunningSum}, a long-lived bidirectional stream, re-established when it breaks. */
    BIDI;

    /** The name in the result files: {@code unary}, {@code json}, {@code range}, {@code bidi}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
