package io.weft.bench.scale;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.weft.bench.stats.Latencies;
import io.weft.protocol.v1.Endpoint;
import io.weft.protocol.v1.Endpoints;

/**
 * One pending change per service at a time: the churn instance was just registered (or deregistered) at
 * {@code startNanos}; the change is complete when every subscriber of the service has received an Endpoints
 * push that shows it. The time to the last subscriber is one sample.
 */
final class ChurnTracker {

    /** A change in flight. */
    private static final class Change {
        final String instanceId;
        final boolean present;
        final long startNanos;
        final boolean[] seen;
        int remaining;

        Change(String instanceId, boolean present, long startNanos, int subscribers) {
            this.instanceId = instanceId;
            this.present = present;
            this.startNanos = startNanos;
            seen = new boolean[subscribers];
            remaining = subscribers;
        }
    }

    /** Per service: subscriber stream index -> position in that service's subscriber list. */
    private final Map<String, Map<Integer, Integer>> subscribers;
    private final Map<String, Change> pending = new ConcurrentHashMap<>();
    private volatile Latencies window = new Latencies();

    ChurnTracker(Map<String, Map<Integer, Integer>> subscribers) {
        this.subscribers = subscribers;
    }

    boolean hasPending(String service) {
        return pending.containsKey(service);
    }

    int pendingCount() {
        return pending.size();
    }

    int subscriberCount(String service) {
        final Map<Integer, Integer> subs = subscribers.get(service);
        return subs == null ? 0 : subs.size();
    }

    /** Call just before the Consul call that makes the change. */
    void begin(String service, String instanceId, boolean present) {
        pending.put(service, new Change(instanceId, present, System.nanoTime(), subscriberCount(service)));
    }

    /** Forgets changes older than {@code maxAgeNanos}; returns how many were dropped. */
    int expire(long maxAgeNanos) {
        final long now = System.nanoTime();
        final int[] dropped = {0};
        pending.entrySet().removeIf(e -> {
            final boolean old = now - e.getValue().startNanos > maxAgeNanos;
            if (old) {
                dropped[0]++;
            }
            return old;
        });
        return dropped[0];
    }

    /** Starts a new measurement window and returns the finished one. */
    Latencies swapWindow() {
        final Latencies done = window;
        window = new Latencies();
        return done;
    }

    void onEndpoints(int stream, Endpoints endpoints, long nowNanos) {
        final Change change = pending.get(endpoints.getService());
        if (change == null) {
            return;
        }
        final Integer position = subscribers.get(endpoints.getService()).get(stream);
        if (position == null) {
            return;
        }
        if (contains(endpoints.getEndpointsList(), change.instanceId) != change.present) {
            return;
        }
        synchronized (change) {
            if (change.seen[position]) {
                return;
            }
            change.seen[position] = true;
            if (--change.remaining > 0) {
                return;
            }
        }
        pending.remove(endpoints.getService(), change);
        window.record(TimeUnit.NANOSECONDS.toMicros(nowNanos - change.startNanos));
    }

    private static boolean contains(List<Endpoint> endpoints, String instanceId) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.getInstanceId().equals(instanceId)) {
                return true;
            }
        }
        return false;
    }
}
