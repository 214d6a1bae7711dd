package io.weft.controlplane.discovery;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One Consul read that supports blocking queries. Must not block the calling thread. */
@FunctionalInterface
public interface BlockingQuery<T> {

    /**
     * Starts the query.
     *
     * @param index the index to block on, or 0 for an immediate answer (then no {@code index}/{@code wait}
     *              parameter is sent)
     */
    CompletableFuture<QueryResult<T>> fetch(long index, Duration wait);
}
