package io.weft.controlplane.discovery;

/** Consul's rules for the index of the next blocking query. */
final class IndexPolicy {

    private IndexPolicy() {}

    /**
     * The index to send next, given the one just sent and the one Consul returned: 0 (no index, an
     * immediate answer) when the index went backwards, otherwise the returned index but never below 1.
     */
    static long next(long sent, long returned) {
        if (sent > 0 && returned < sent) {
            return 0;
        }
        return Math.max(returned, 1);
    }
}
