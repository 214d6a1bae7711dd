package io.weft.sidecar.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.linecorp.armeria.client.ClientFactory;
import io.weft.common.annotation.Nullable;

/**
 * The client factories of the upstream clusters, by connect timeout. Armeria sets the connect timeout per
 * {@link ClientFactory}, not per request, so a chain target whose resolver sets {@code ConnectTimeout} gets a
 * factory of its own, shared by every target with the same timeout and built like the sidecar's (same event
 * loops, limits and metrics; TLS is set per attempt, so it needs none). A timeout of zero, or the sidecar's own,
 * is the sidecar's factory, which this class never closes. A factory no target uses any more is closed after
 * {@code grace}, so that requests still on its connections finish; taken again meanwhile, it stays.
 * Thread-safe; called on the discovery thread.
 */
public final class ConnectTimeoutFactories implements AutoCloseable {
    private final ClientFactory sidecarFactory;
    private final Duration sidecarTimeout;
    private final Function<Duration, ClientFactory> newFactory;
    private final ScheduledExecutorService scheduler;
    private final Duration grace;
    private final Map<Duration, Shared> shared = new HashMap<>();

    private static final class Shared {
        final ClientFactory factory;
        int users;
        @Nullable
        ScheduledFuture<?> closing;

        Shared(ClientFactory factory) {
            this.factory = factory;
        }
    }

    /**
     * @param sidecarFactory the factory for {@code sidecarTimeout} ({@code --connect-timeout}); not closed here
     * @param newFactory builds a factory like the sidecar's with another connect timeout
     */
    public ConnectTimeoutFactories(ClientFactory sidecarFactory, Duration sidecarTimeout,
                                   Function<Duration, ClientFactory> newFactory, ScheduledExecutorService scheduler,
                                   Duration grace) {
        this.sidecarFactory = requireNonNull(sidecarFactory, "sidecarFactory");
        this.sidecarTimeout = requireNonNull(sidecarTimeout, "sidecarTimeout");
        this.newFactory = requireNonNull(newFactory, "newFactory");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.grace = requireNonNull(grace, "grace");
    }

    /** The factory for {@code timeout} (zero: the sidecar's own); give it back with {@link #release}. */
    public synchronized ClientFactory acquire(Duration timeout) {
        if (isSidecars(timeout)) {
            return sidecarFactory;
        }
        final Shared s = shared.computeIfAbsent(timeout, t -> new Shared(newFactory.apply(t)));
        s.users++;
        if (s.closing != null) {
            s.closing.cancel(false);
            s.closing = null;
        }
        return s.factory;
    }

    /** One user of {@code timeout}'s factory no longer needs it. */
    public synchronized void release(Duration timeout) {
        if (isSidecars(timeout)) {
            return;
        }
        final Shared s = shared.get(timeout);
        if (s == null || s.users == 0) {
            throw new IllegalStateException("connect timeout " + timeout + ": released more often than acquired");
        }
        if (--s.users == 0) {
            s.closing = scheduler.schedule(() -> closeIfUnused(timeout, s), grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The connect timeouts that have a factory of their own now (for tests and /config). */
    public synchronized Map<Duration, Integer> users() {
        final Map<Duration, Integer> out = new HashMap<>();
        shared.forEach((t, s) -> out.put(t, s.users));
        return out;
    }

    private synchronized void closeIfUnused(Duration timeout, Shared s) {
        if (s.users == 0 && shared.get(timeout) == s) {
            shared.remove(timeout);
            s.factory.closeAsync();
        }
    }

    private boolean isSidecars(Duration timeout) {
        return timeout.isZero() || timeout.equals(sidecarTimeout);
    }

    @Override
    public synchronized void close() {
        shared.values().forEach(s -> s.factory.closeAsync());
        shared.clear();
    }
}
