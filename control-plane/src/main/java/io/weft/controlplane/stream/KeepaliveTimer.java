package io.weft.controlplane.stream;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.weft.common.annotation.Nullable;

import io.grpc.Status;
import io.netty.util.concurrent.EventExecutor;

/**
 * Every keepalive interval, either sends a keepalive or, when the sidecar has said nothing for three
 * intervals, reports the stream dead. Runs on, and is confined to, the stream's event loop.
 */
final class KeepaliveTimer {

    private final EventExecutor loop;
    private final Duration interval;
    private final Clock clock;
    private Instant lastSeen;
    @Nullable
    private ScheduledFuture<?> task;

    KeepaliveTimer(EventExecutor loop, Duration interval, Clock clock) {
        this.loop = requireNonNull(loop, "loop");
        this.interval = requireNonNull(interval, "interval");
        this.clock = requireNonNull(clock, "clock");
        lastSeen = clock.instant();
    }

    /** A message arrived from the sidecar. */
    void seen() {
        lastSeen = clock.instant();
    }

    /**
     * Starts ticking.
     *
     * @param send sends one keepalive
     * @param silent told the UNAVAILABLE status to end the stream with; the timer has stopped by then
     */
    void start(Runnable send, Consumer<Status> silent) {
        final long millis = interval.toMillis();
        task = loop.scheduleAtFixedRate(() -> tick(send, silent), millis, millis, TimeUnit.MILLISECONDS);
    }

    private void tick(Runnable send, Consumer<Status> silent) {
        final Duration quiet = Duration.between(lastSeen, clock.instant());
        if (quiet.compareTo(interval.multipliedBy(3)) > 0) {
            stop();
            silent.accept(Status.UNAVAILABLE.withDescription("no message from the sidecar for " + quiet.toMillis() +
                                                             " ms (keepalive interval " + interval.toMillis() +
                                                             " ms)"));
            return;
        }
        send.run();
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
