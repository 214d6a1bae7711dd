package io.weft.sidecar.balancing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Immutable, validated settings of one {@link UpstreamCluster}. Build with {@link #builder()}; every
 * setting has a default (listed on the builder's setters and in {@link #ofDefault()}).
 *
 * @param loadBalancing            how endpoints are picked; default {@link LoadBalancing#WEIGHTED_ROUND_ROBIN}
 * @param requestTimeout           whole-request timeout including retries; default 15 s;
 *                                 {@link Duration#ZERO} leaves the client's own response timeout
 *                                 in place (a {@code grpc-timeout} still applies)
 * @param endpointWaitTimeout      how long a request waits for the first endpoints of an empty
 *                                 cluster; default 3 s
 * @param consecutiveFailures      failures in a row that eject an endpoint; default 5
 * @param baseEjectionTime         first ejection lasts this long, the n-th {@code n} times as long;
 *                                 default 30 s
 * @param maxEjectionTime          cap on one ejection; default 300 s
 * @param maxEjectionPercent       never eject more than this share of the endpoints (at least one
 *                                 endpoint always stays); default 50
 * @param maxRetries               retries after the first attempt; default 2 (3 attempts in all);
 *                                 0 disables retries
 * @param retryBackoffBase         delay before the first retry, doubling per retry; default 25 ms
 * @param retryBackoffMax          cap on the retry delay; default 250 ms
 * @param retryBudgetRatio         retries allowed as a share of requests in the budget window;
 *                                 default 0.2
 * @param retryBudgetMinPerSecond  retries always allowed per second on top of the ratio, so a quiet
 *                                 service can still retry; default 10
 * @param retryBudgetWindow        window the budget counts requests and retries over; default 10 s
 * @param retryUnprocessedAnyMethod whether a request that provably never reached the upstream
 *                                 (connect failure, refused stream, beyond a GOAWAY) is retried even
 *                                 when it is not idempotent; default true, because nothing can have
 *                                 been executed twice
 * @param retryReplayLimit         request body bytes kept for replaying it to a retry, until the request
 *                                 commits (response headers arrive); a body larger than this is never
 *                                 retried; default 64 KiB; 0 means only bodiless requests are retried
 */
public record ClusterPolicy(
        LoadBalancing loadBalancing,
        Duration requestTimeout,
        Duration endpointWaitTimeout,
        int consecutiveFailures,
        Duration baseEjectionTime,
        Duration maxEjectionTime,
        int maxEjectionPercent,
        int maxRetries,
        Duration retryBackoffBase,
        Duration retryBackoffMax,
        double retryBudgetRatio,
        int retryBudgetMinPerSecond,
        Duration retryBudgetWindow,
        boolean retryUnprocessedAnyMethod,
        int retryReplayLimit) {

    public ClusterPolicy {
        requireNonNull(loadBalancing, "loadBalancing");
        notNegative("requestTimeout", requestTimeout);
        positive("endpointWaitTimeout", endpointWaitTimeout);
        atLeast("consecutiveFailures", consecutiveFailures, 1);
        positive("baseEjectionTime", baseEjectionTime);
        positive("maxEjectionTime", maxEjectionTime);
        if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
            throw new IllegalArgumentException("maxEjectionTime: " + maxEjectionTime +
                                               " (expected: >= baseEjectionTime " + baseEjectionTime + ')');
        }
        if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
            throw new IllegalArgumentException("maxEjectionPercent: " + maxEjectionPercent +
                                               " (expected: 0-100)");
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries: " + maxRetries + " (expected: 0-10)");
        }
        notNegative("retryBackoffBase", retryBackoffBase);
        notNegative("retryBackoffMax", retryBackoffMax);
        if (retryBackoffMax.compareTo(retryBackoffBase) < 0) {
            throw new IllegalArgumentException("retryBackoffMax: " + retryBackoffMax +
                                               " (expected: >= retryBackoffBase " + retryBackoffBase + ')');
        }
        if (!(retryBudgetRatio >= 0 && retryBudgetRatio <= 1)) {
            throw new IllegalArgumentException("retryBudgetRatio: " + retryBudgetRatio +
                                               " (expected: 0.0-1.0)");
        }
        atLeast("retryBudgetMinPerSecond", retryBudgetMinPerSecond, 0);
        positive("retryBudgetWindow", retryBudgetWindow);
        if (retryBudgetWindow.toSeconds() < 1 || retryBudgetWindow.toSeconds() > 3600 ||
            retryBudgetWindow.toNanosPart() != 0) {
            throw new IllegalArgumentException("retryBudgetWindow: " + retryBudgetWindow +
                                               " (expected: whole seconds, 1s-1h)");
        }
        if (retryReplayLimit < 0 || retryReplayLimit > MAX_REPLAY_LIMIT) {
            throw new IllegalArgumentException("retryReplayLimit: " + retryReplayLimit +
                                               " (expected: 0-" + MAX_REPLAY_LIMIT + " bytes)");
        }
    }

    /** The largest replay limit: more would let retries hold a lot of memory per request. */
    public static final int MAX_REPLAY_LIMIT = 16 * 1024 * 1024;

    /** The defaults listed on the record components. */
    public static ClusterPolicy ofDefault() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Attempts in all: the first one plus {@link #maxRetries()}. */
    public int maxTotalAttempts() {
        return maxRetries + 1;
    }

    private static void notNegative(String name, Duration value) {
        requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
    }

    private static void positive(String name, Duration value) {
        requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ')');
        }
    }

    /** Builds a {@link ClusterPolicy}; validation happens in {@link #build()}. */
    public static final class Builder {
        private LoadBalancing loadBalancing = LoadBalancing.WEIGHTED_ROUND_ROBIN;
        private Duration requestTimeout = Duration.ofSeconds(15);
        private Duration endpointWaitTimeout = Duration.ofSeconds(3);
        private int consecutiveFailures = 5;
        private Duration baseEjectionTime = Duration.ofSeconds(30);
        private Duration maxEjectionTime = Duration.ofSeconds(300);
        private int maxEjectionPercent = 50;
        private int maxRetries = 2;
        private Duration retryBackoffBase = Duration.ofMillis(25);
        private Duration retryBackoffMax = Duration.ofMillis(250);
        private double retryBudgetRatio = 0.2;
        private int retryBudgetMinPerSecond = 10;
        private Duration retryBudgetWindow = Duration.ofSeconds(10);
        private boolean retryUnprocessedAnyMethod = true;
        private int retryReplayLimit = 64 * 1024;

        private Builder() {}

        private Builder(ClusterPolicy p) {
            loadBalancing = p.loadBalancing;
            requestTimeout = p.requestTimeout;
            endpointWaitTimeout = p.endpointWaitTimeout;
            consecutiveFailures = p.consecutiveFailures;
            baseEjectionTime = p.baseEjectionTime;
            maxEjectionTime = p.maxEjectionTime;
            maxEjectionPercent = p.maxEjectionPercent;
            maxRetries = p.maxRetries;
            retryBackoffBase = p.retryBackoffBase;
            retryBackoffMax = p.retryBackoffMax;
            retryBudgetRatio = p.retryBudgetRatio;
            retryBudgetMinPerSecond = p.retryBudgetMinPerSecond;
            retryBudgetWindow = p.retryBudgetWindow;
            retryUnprocessedAnyMethod = p.retryUnprocessedAnyMethod;
            retryReplayLimit = p.retryReplayLimit;
        }

        /** Default {@link LoadBalancing#WEIGHTED_ROUND_ROBIN}. */
        public Builder loadBalancing(LoadBalancing v) {
            loadBalancing = v;
            return this;
        }

        /** Default 15 s; zero disables the timeout. */
        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
            return this;
        }

        /** Default 3 s. */
        public Builder endpointWaitTimeout(Duration v) {
            endpointWaitTimeout = v;
            return this;
        }

        /** Default 5. */
        public Builder consecutiveFailures(int v) {
            consecutiveFailures = v;
            return this;
        }

        /** Default 30 s. */
        public Builder baseEjectionTime(Duration v) {
            baseEjectionTime = v;
            return this;
        }

        /** Default 300 s. */
        public Builder maxEjectionTime(Duration v) {
            maxEjectionTime = v;
            return this;
        }

        /** Default 50. */
        public Builder maxEjectionPercent(int v) {
            maxEjectionPercent = v;
            return this;
        }

        /** Default 2. */
        public Builder maxRetries(int v) {
            maxRetries = v;
            return this;
        }

        /** Defaults 25 ms and 250 ms. */
        public Builder retryBackoff(Duration base, Duration max) {
            retryBackoffBase = base;
            retryBackoffMax = max;
            return this;
        }

        /** Defaults 0.2, 10 per second over 10 s. */
        public Builder retryBudget(double ratio, int minPerSecond, Duration window) {
            retryBudgetRatio = ratio;
            retryBudgetMinPerSecond = minPerSecond;
            retryBudgetWindow = window;
            return this;
        }

        /** Default true. */
        public Builder retryUnprocessedAnyMethod(boolean v) {
            retryUnprocessedAnyMethod = v;
            return this;
        }

        /** Default 64 KiB. */
        public Builder retryReplayLimit(int bytes) {
            retryReplayLimit = bytes;
            return this;
        }

        public ClusterPolicy build() {
            return new ClusterPolicy(loadBalancing, requestTimeout, endpointWaitTimeout, consecutiveFailures,
                                     baseEjectionTime, maxEjectionTime, maxEjectionPercent, maxRetries,
                                     retryBackoffBase, retryBackoffMax, retryBudgetRatio,
                                     retryBudgetMinPerSecond, retryBudgetWindow, retryUnprocessedAnyMethod,
                                     retryReplayLimit);
        }
    }
}
