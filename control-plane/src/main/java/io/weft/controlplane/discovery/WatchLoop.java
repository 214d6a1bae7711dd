package io.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link BlockingQuery} over and over, following Consul's rules (see the package note).
 *
 * <p>Only one query of a loop is in flight at a time. The listener runs on the thread that completed
 * the query (never an event loop for consul-api calls) and must not block for long.
 */
public final class WatchLoop<T> implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(WatchLoop.class);

    /** Receives a loop's outcomes. */
    public interface Listener<T> {
        /** Consul answered; {@code value} is the full current state (unchanged when the wait ran out). */
        void onValue(T value);

        /** The query failed; the loop retries after a backoff. */
        void onError(Throwable cause);
    }

    private final String name;
    private final BlockingQuery<T> query;
    private final WatchSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Listener<T> listener;

    // Written and read only by the single in-flight step of this loop; the executors publish them.
    private volatile long index;
    private volatile long lastStartMillis;
    private volatile int consecutiveErrors;
    private volatile boolean closed;

    public WatchLoop(String name, BlockingQuery<T> query, WatchSettings settings,
                     ScheduledExecutorService scheduler, Clock clock, Listener<T> listener) {
        this.name = requireNonNull(name, "name");
        this.query = requireNonNull(query, "query");
        this.settings = requireNonNull(settings, "settings");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.clock = requireNonNull(clock, "clock");
        this.listener = requireNonNull(listener, "listener");
    }

    public String name() {
        return name;
    }

    /** The index the next query will send (0: none). */
    public long index() {
        return index;
    }

    public void start() {
        schedule(0);
    }

    private void runOnce() {
        if (closed) {
            return;
        }
        final long sent = index;
        lastStartMillis = clock.millis();
        CompletableFuture<QueryResult<T>> future;
        try {
            future = query.fetch(sent, settings.queryWait());
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((result, cause) -> onComplete(sent, result, cause));
    }

    private void onComplete(long sent, QueryResult<T> result, Throwable cause) {
        if (closed) {
            return;
        }
        if (cause != null) {
            final Throwable unwrapped = cause instanceof CompletionException && cause.getCause() != null
                                        ? cause.getCause() : cause;
            final long delay = settings.errorBackoff().nextDelayMillis(++consecutiveErrors);
            logger.debug("Watch {} failed ({} in a row), retrying in {} ms: {}",
                         name, consecutiveErrors, delay, unwrapped.toString());
            notify(() -> listener.onError(unwrapped));
            schedule(delay);
            return;
        }
        consecutiveErrors = 0;
        index = IndexPolicy.next(sent, result.index());
        if (index == 0) {
            logger.info("Watch {}: Consul index went backwards ({} -> {}), starting over", name, sent,
                        result.index());
        }
        notify(() -> listener.onValue(result.value()));
        schedule(Math.max(0, lastStartMillis + settings.minInterval().toMillis() - clock.millis()));
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            logger.warn("Watch {}: listener failed", name, e);
        }
    }

    private void schedule(long delayMillis) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::runOnce, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The scheduler is shutting down with the control plane.
            closed = true;
        }
    }

    /** Stops the loop; a query in flight is answered but ignored. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "WatchLoop{" + name + ", index=" + index + ", errors=" + consecutiveErrors + '}';
    }
}
