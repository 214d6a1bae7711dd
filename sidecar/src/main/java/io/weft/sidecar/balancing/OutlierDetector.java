package io.weft.sidecar.balancing;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ejects an endpoint after {@link ClusterPolicy#consecutiveFailures()} failures in a row, for
 * {@code baseEjectionTime x timesEjected} (capped at {@code maxEjectionTime}), never ejecting more
 * than {@code maxEjectionPercent} of the endpoints and never the last one. Un-ejection needs no
 * timer: an endpoint is ejected while {@code clock.millis() < ejectedUntil}, so it simply comes back
 * when its time has passed. An endpoint that has then stayed healthy for {@code maxEjectionTime}
 * starts over at the base ejection time.
 *
 * <p>Thread-safe. Results are reported from event loops; ejection decisions take a short lock so the
 * cap holds under concurrent failures.
 */
final class OutlierDetector {

    private static final Logger logger = LoggerFactory.getLogger(OutlierDetector.class);

    private final String cluster;
    private final ClusterPolicy policy;
    private final Clock clock;
    private final Supplier<List<EndpointState>> endpoints;
    private final LongAdder ejections = new LongAdder();

    OutlierDetector(String cluster, ClusterPolicy policy, Clock clock,
                    Supplier<List<EndpointState>> endpoints) {
        this.cluster = cluster;
        this.policy = policy;
        this.clock = clock;
        this.endpoints = endpoints;
    }

    void report(EndpointState state, Outcome outcome) {
        switch (outcome) {
            case SUCCESS -> state.consecutiveFailures.set(0);
            case FAILURE -> onFailure(state);
            case NEUTRAL -> { }
        }
    }

    long ejectionsTotal() {
        return ejections.sum();
    }

    private void onFailure(EndpointState state) {
        final long now = clock.millis();
        if (state.isEjected(now)) {
            return; // requests that started before the ejection are still finishing
        }
        if (state.consecutiveFailures.incrementAndGet() >= policy.consecutiveFailures()) {
            tryEject(state, now);
        }
    }

    private synchronized void tryEject(EndpointState state, long now) {
        if (state.isEjected(now)) {
            return;
        }
        final List<EndpointState> all = endpoints.get();
        if (!all.contains(state)) {
            return; // removed by an update meanwhile
        }
        int ejected = 0;
        for (EndpointState s : all) {
            if (s.isEjected(now)) {
                ejected++;
            }
        }
        final int cap = Math.min(all.size() - 1, all.size() * policy.maxEjectionPercent() / 100);
        if (ejected >= cap) {
            logger.debug("{}: not ejecting {} after {} failures: {} of {} already ejected (cap {})",
                         cluster, state, state.consecutiveFailures.get(), ejected, all.size(), cap);
            return;
        }
        final long base = policy.baseEjectionTime().toMillis();
        final long max = policy.maxEjectionTime().toMillis();
        int times = state.timesEjected;
        if (times > 0 && now - state.ejectedUntilMillis >= max) {
            times = 0; // healthy for a full max ejection time since the last ejection: start over
        }
        times++;
        final long duration = Math.min(max, base * times);
        state.timesEjected = times;
        state.ejectedUntilMillis = now + duration;
        state.consecutiveFailures.set(0);
        ejections.increment();
        logger.info("{}: ejected {} for {} ms after {} consecutive failures (ejection #{})",
                    cluster, state, duration, policy.consecutiveFailures(), times);
    }
}
