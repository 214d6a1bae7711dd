package io.weft.sidecar.discovery;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weft.common.annotation.Nullable;
import io.weft.protocol.v1.SidecarMessage;
import io.weft.protocol.v1.TrafficSummary;

/**
 * Sends traffic summaries on the stream of a control plane that asked for them ({@code TrafficReporting}),
 * at the interval it asked for, skipping the ones with nothing in them. One stream at a time: a new
 * request (after a reconnect) replaces the old schedule, the end of the stream stops it. Runs on the
 * discovery scheduler thread, like every other stream step.
 */
final class TrafficReports {
    private static final Logger logger = LoggerFactory.getLogger(TrafficReports.class);
    /** Below this a control plane's request is raised to it: a summary per request would be a flood. */
    static final long MIN_INTERVAL_MILLIS = 1_000;

    private final ScheduledExecutorService scheduler;
    private final Supplier<@Nullable TrafficSummary> summaries;
    @Nullable
    private ScheduledFuture<?> task;

    TrafficReports(ScheduledExecutorService scheduler, Supplier<@Nullable TrafficSummary> summaries) {
        this.scheduler = scheduler;
        this.summaries = summaries;
    }

    void start(long intervalMillis, Consumer<SidecarMessage> send) {
        stop();
        long period = intervalMillis;
        if (period < MIN_INTERVAL_MILLIS) {
            logger.warn("Control plane asked for traffic summaries every {} ms (expected: >= {}); sending every {} ms",
                        intervalMillis, MIN_INTERVAL_MILLIS, MIN_INTERVAL_MILLIS);
            period = MIN_INTERVAL_MILLIS;
        }
        task = scheduler.scheduleAtFixedRate(() -> {
            final TrafficSummary summary = summaries.get();
            if (summary != null) {
                send.accept(SidecarMessage.newBuilder().setTrafficSummary(summary).build());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
