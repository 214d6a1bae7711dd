package io.weft.common.consul;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.retry.Backoff;
import com.linecorp.armeria.common.util.Exceptions;

import io.weft.common.annotation.Nullable;

/**
 * Keeps this instance registered in Consul: {@link #register} retries with backoff in the background
 * while Consul is unreachable (the process serves meanwhile); {@link #deregister} stops retrying and
 * removes the registration if there is one. Retries are scheduled on the given scheduler; the
 * calls themselves are {@link ConsulRegistrar}'s, non-blocking.
 */
public final class SelfRegistration {
    private static final Logger logger = LoggerFactory.getLogger(SelfRegistration.class);
    /** 0.25-0.5 s after the first failure, doubling up to 15-30 s, jittered so a fleet does not return at once. */
    private static final Backoff RETRY = Backoff.exponential(500, 30_000).withJitter(-0.5, 0);

    private final ConsulRegistrar registrar;
    private final URI consul;
    private final ScheduledExecutorService scheduler;
    @Nullable
    private volatile ServiceRegistration registered;
    private volatile boolean closed;

    /** Schedules the retries of a failed registration on {@code scheduler}. */
    public SelfRegistration(ConsulRegistrar registrar, URI consul, ScheduledExecutorService scheduler) {
        this.registrar = registrar;
        this.consul = consul;
        this.scheduler = scheduler;
    }

    /** Registers; on failure retries with backoff until it succeeds or {@link #deregister} is called. */
    public void register(ServiceRegistration registration) {
        register(registration, 1);
    }

    private void register(ServiceRegistration registration, int attempt) {
        if (closed) {
            return;
        }
        registrar.register(registration).whenComplete((unused, e) -> {
            if (e == null) {
                registered = registration;
                if (closed) { // deregister() ran while this call was in flight
                    registrar.deregister(registration.id());
                }
                return;
            }
            final long delay = RETRY.nextDelayMillis(attempt);
            logger.warn("Consul registration of {} at {} failed (attempt {}): {}; retrying in {} ms",
                        registration.id(), consul, attempt, Exceptions.peel(e).toString(), delay);
            if (!closed) {
                scheduler.schedule(() -> register(registration, attempt + 1), delay, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Stops retrying and removes the registration, if one succeeded. */
    public CompletableFuture<Void> deregister() {
        closed = true;
        final ServiceRegistration r = registered;
        return r == null ? CompletableFuture.completedFuture(null) : registrar.deregister(r.id());
    }
}
