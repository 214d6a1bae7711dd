package io.weft.sidecar.registration;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.retry.Backoff;
import com.linecorp.armeria.common.util.Exceptions;

import io.weft.common.annotation.Nullable;
import io.weft.sidecar.discovery.ReconnectBackoff;

/**
 * Keeps this instance registered in Consul: {@link #register} retries with backoff in the background
 * while Consul is unreachable (the sidecar serves meanwhile); {@link #deregister} stops retrying and
 * removes the registration if there is one. Retries are scheduled on the given scheduler; the
 * calls themselves are {@link ConsulRegistrar}'s, non-blocking.
 */
public final class SelfRegistration {
    private static final Logger logger = LoggerFactory.getLogger(SelfRegistration.class);
    private static final Backoff RETRY = ReconnectBackoff.of(Duration.ofMillis(500), Duration.ofSeconds(30));

    private final ConsulRegistrar registrar;
    private final URI consul;
    private final ScheduledExecutorService scheduler;
    @Nullable
    private volatile Registration registered;
    private volatile boolean closed;

    public SelfRegistration(ConsulRegistrar registrar, URI consul, ScheduledExecutorService scheduler) {
        this.registrar = registrar;
        this.consul = consul;
        this.scheduler = scheduler;
    }

    /** Registers; on failure retries with backoff until it succeeds or {@link #deregister} is called. */
    public void register(Registration registration) {
        register(registration, 1);
    }

    private void register(Registration registration, int attempt) {
        if (closed) {
            return;
        }
        registrar.register(registration).whenComplete((unused, e) -> {
            if (e == null) {
                registered = registration;
                return;
            }
            final long delay = RETRY.nextDelayMillis(attempt);
            logger.warn("Consul registration of {} at {} failed (attempt {}): {}; retrying in {} ms",
                        registration.instanceId(), consul, attempt, Exceptions.peel(e).toString(), delay);
            if (!closed) {
                scheduler.schedule(() -> register(registration, attempt + 1), delay, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Stops retrying and removes the registration, if one succeeded. */
    public CompletableFuture<Void> deregister() {
        closed = true;
        final Registration r = registered;
        return r == null ? CompletableFuture.completedFuture(null) : registrar.deregister(r.instanceId());
    }
}
