package io.weft.sidecar.transcoding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.weft.common.annotation.Nullable;
import javax.annotation.concurrent.GuardedBy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import com.linecorp.armeria.client.retry.Backoff;
import com.linecorp.armeria.common.util.Exceptions;

/**
 * Keeps the current {@link TranscodingTable} of the app, fetched by server reflection.
 *
 * <ul>
 *   <li>Until the first success: retry with the backoff (the app may not be up yet).</li>
 *   <li>Then: re-fetch every refresh interval; swap only if the descriptors changed.</li>
 *   <li>{@link #requestRefresh} (the app looked restarted: connection failure, UNIMPLEMENTED for a
 *       method we know) re-fetches soon, at most once per {@code minRefreshGap}.</li>
 *   <li>A failed refresh keeps the last good table (transient error, not a withdrawal) and retries
 *       with the backoff.</li>
 * </ul>
 * Fetches never block (Armeria client); linking descriptors runs on the given scheduler, never on
 * an event loop. At most one fetch is in flight.
 */
final class DescriptorWatcher implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(DescriptorWatcher.class);

    private final AppDescriptors.Source source;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Duration refreshInterval;
    private final Duration minRefreshGap;
    private final Clock clock;

    @Nullable
    private volatile TranscodingTable table;
    @Nullable
    private volatile AppDescriptors loaded;
    @Nullable
    private volatile String lastError;
    @Nullable
    private volatile Instant lastCheck;

    @GuardedBy("this")
    private boolean fetching;
    @GuardedBy("this")
    private boolean refreshPending;
    @GuardedBy("this")
    @Nullable
    private ScheduledFuture<?> scheduled;
    @GuardedBy("this")
    private int failures;
    @GuardedBy("this")
    private boolean started;
    @GuardedBy("this")
    private boolean closed;
    @GuardedBy("this")
    private long lastFetchStartNanos = Long.MIN_VALUE / 2;

    DescriptorWatcher(AppDescriptors.Source source, ScheduledExecutorService scheduler, Backoff backoff,
                      Duration refreshInterval, Duration minRefreshGap, Clock clock) {
        this.source = source;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.refreshInterval = refreshInterval;
        this.minRefreshGap = minRefreshGap;
        this.clock = clock;
    }

    synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        schedule(0);
    }

    /** The current table, or {@code null} before the first successful fetch. */
    @Nullable
    TranscodingTable table() {
        return table;
    }

    @Nullable
    String lastError() {
        return lastError;
    }

    @Nullable
    Instant lastCheck() {
        return lastCheck;
    }

    String sourceDescription() {
        return source.describe();
    }

    /** Re-fetches soon: the app may have restarted with other descriptors. */
    synchronized void requestRefresh(String reason) {
        if (!started || closed) {
            return;
        }
        if (fetching) {
            refreshPending = true;
            return;
        }
        final long sinceLast = System.nanoTime() - lastFetchStartNanos;
        final long delayNanos = Math.max(0, minRefreshGap.toNanos() - sinceLast);
        if (scheduled != null && scheduled.getDelay(TimeUnit.NANOSECONDS) <= delayNanos) {
            return;
        }
        logger.debug("Refreshing the app's descriptors: {}", reason);
        schedule(delayNanos);
    }

    @GuardedBy("this")
    private void schedule(long delayNanos) {
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduled = scheduler.schedule(this::fetch, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fetch() {
        synchronized (this) {
            if (closed || fetching) {
                return;
            }
            fetching = true;
            scheduled = null;
            lastFetchStartNanos = System.nanoTime();
        }
        source.fetch().handleAsync((descriptors, cause) -> {
            long nextDelayNanos;
            try {
                if (cause != null) {
                    throw Exceptions.peel(cause);
                }
                update(descriptors);
                lastError = null;
                synchronized (this) {
                    failures = 0;
                }
                nextDelayNanos = refreshInterval.isZero() ? -1 : refreshInterval.toNanos();
            } catch (Throwable t) {
                final String message = t instanceof GrpcCallException e ? e.code() + ": " + e.getMessage()
                                                                        : t.toString();
                if (!message.equals(lastError)) {
                    logger.info("Cannot load the app's gRPC descriptors (will retry): {}", message);
                }
                lastError = message;
                final int attempts;
                synchronized (this) {
                    attempts = ++failures;
                }
                final long delayMillis = backoff.nextDelayMillis(attempts);
                nextDelayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis < 0 ? 1000 : delayMillis);
            } finally {
                lastCheck = clock.instant();
            }
            synchronized (this) {
                fetching = false;
                if (closed) {
                    return null;
                }
                if (refreshPending) {
                    refreshPending = false;
                    nextDelayNanos = Math.min(nextDelayNanos < 0 ? Long.MAX_VALUE : nextDelayNanos,
                                              minRefreshGap.toNanos());
                }
                if (nextDelayNanos >= 0) {
                    schedule(nextDelayNanos);
                }
            }
            return null;
        }, scheduler);
    }

    /** Runs on the scheduler. Swaps the table only if the app's descriptors changed. */
    private void update(AppDescriptors descriptors) {
        if (descriptors.equals(loaded)) {
            return;
        }
        final DescriptorSets.Linked linked = DescriptorSets.link(descriptors.files());
        final TranscodingTable previous = table;
        final long version = previous == null ? 1 : previous.version() + 1;
        final TranscodingTable next = TranscodingTable.build(version, clock.instant(), linked.files(),
                                                             descriptors.services(), linked.problems());
        loaded = descriptors;
        table = next;
        logger.info("Loaded the app's gRPC descriptors (version {}): {} methods, {} REST routes",
                    version, next.methodPaths().size(), next.bindings().size());
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }
}
