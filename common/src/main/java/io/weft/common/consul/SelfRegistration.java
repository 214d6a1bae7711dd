package io.weft.common.consul;

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

/**
 * Keeps this instance registered in Consul: {@link #register} retries with backoff in the background
 * while Consul is unreachable (the process serves meanwhile), then checks every {@code recheck} that the
 * agent still lists the instance and registers it again when it does not (an agent restarted without its
 * state, as a {@code consul agent -dev} or the stand-in, forgets every service: without this the
 * instance would never be routable again); {@link #deregister} stops both and removes the registration if
 * there is one. Retries and checks are scheduled on the given scheduler; the calls themselves are
 * {@link ConsulRegistrar}'s, non-blocking.
 */
public final class SelfRegistration {
    private static final Logger logger = LoggerFactory.getLogger(SelfRegistration.class);
    /** 0.25-0.5 s after the first failure, doubling up to 15-30 s, jittered so a fleet does not return at once. */
    private static final Backoff RETRY = Backoff.exponential(500, 30_000).withJitter(-0.5, 0);
    /** How often a registration is checked to be still there. */
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(5);

    private final ConsulRegistrar registrar;
    private final URI consul;
    private final ScheduledExecutorService scheduler;
    private final Duration recheck;
    @Nullable
    private volatile ServiceRegistration registered;
    private volatile boolean closed;

    /** Schedules the retries of a failed registration and the checks of a done one on {@code scheduler}. */
    public SelfRegistration(ConsulRegistrar registrar, URI consul, ScheduledExecutorService scheduler) {
        this(registrar, consul, scheduler, DEFAULT_RECHECK);
    }

    /** The same, checking every {@code recheck} that the registration is still there. */
    public SelfRegistration(ConsulRegistrar registrar, URI consul, ScheduledExecutorService scheduler,
                            Duration recheck) {
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("recheck: " + recheck + " (expected: > 0)");
        }
        this.registrar = registrar;
        this.consul = consul;
        this.scheduler = scheduler;
        this.recheck = recheck;
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
                } else {
                    scheduleCheck(registration);
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

    private void scheduleCheck(ServiceRegistration registration) {
        scheduler.schedule(() -> check(registration), recheck.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Registers again if the agent no longer lists the instance; an unreachable agent is asked again later. */
    private void check(ServiceRegistration registration) {
        if (closed) {
            return;
        }
        registrar.isRegistered(registration.id()).whenComplete((listed, e) -> {
            if (closed) {
                return;
            }
            if (e == null && !listed) {
                logger.info("Consul at {} no longer lists {} (restarted without its state?): registering it again",
                            consul, registration.id());
                register(registration, 1);
            } else {
                if (e != null) {
                    logger.debug("Could not check the registration of {} at {}: {}", registration.id(), consul,
                                 Exceptions.peel(e).toString());
                }
                scheduleCheck(registration);
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
