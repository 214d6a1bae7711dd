package io.weft.sidecar.balancing;

import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps retries so they cannot amplify an outage: over a sliding window of whole seconds, retries may
 * not exceed {@code ratio x requests + minPerSecond x windowSeconds}. With the defaults (0.2, 10/s,
 * 10 s) a busy upstream sees at most 20 % extra load from retries, and a quiet one can still retry.
 * Time comes from the injected clock, so tests control the window.
 *
 * <p>Thread-safe; each call takes a short lock over a small ring of per-second buckets.
 */
final class RetryBudget {

    private final double ratio;
    private final long minPerWindow;
    private final Clock clock;
    private final long[] seconds;
    private final long[] requests;
    private final long[] retries;
    private final LongAdder exhausted = new LongAdder();

    RetryBudget(ClusterPolicy policy, Clock clock) {
        ratio = policy.retryBudgetRatio();
        final int window = (int) policy.retryBudgetWindow().toSeconds();
        minPerWindow = (long) policy.retryBudgetMinPerSecond() * window;
        this.clock = clock;
        seconds = new long[window];
        requests = new long[window];
        retries = new long[window];
    }

    /** Counts one request (not a retry). */
    synchronized void onRequest() {
        requests[bucket()]++;
    }

    /** Takes budget for one retry; false, counted as exhausted, when there is none left. */
    synchronized boolean tryAcquire() {
        final int current = bucket();
        final long now = seconds[current];
        long requestSum = 0;
        long retrySum = 0;
        for (int i = 0; i < seconds.length; i++) {
            if (now - seconds[i] < seconds.length) {
                requestSum += requests[i];
                retrySum += retries[i];
            }
        }
        if (retrySum + 1 > ratio * requestSum + minPerWindow) {
            exhausted.increment();
            return false;
        }
        retries[current]++;
        return true;
    }

    long exhaustedTotal() {
        return exhausted.sum();
    }

    /** The bucket of the current second, cleared if it last held an older second. */
    private int bucket() {
        final long second = Math.floorDiv(clock.millis(), 1000);
        final int i = (int) Math.floorMod(second, (long) seconds.length);
        if (seconds[i] != second) {
            seconds[i] = second;
            requests[i] = 0;
            retries[i] = 0;
        }
        return i;
    }
}
