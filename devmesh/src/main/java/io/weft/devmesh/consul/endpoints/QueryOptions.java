package io.weft.devmesh.consul.endpoints;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import com.linecorp.armeria.common.QueryParams;

import io.weft.common.consul.GoDuration;
import io.weft.devmesh.consul.catalog.ConsulApiException;

/**
 * The blocking-query parameters: {@code index} and {@code wait}. Like Consul, a wait defaults to
 * 5 minutes, is capped at 10, and gets up to wait/16 of random jitter.
 */
record QueryOptions(long index, Duration maxWait, boolean pretty) {
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    static final Duration MAX_WAIT = Duration.ofMinutes(10);

    static QueryOptions parse(QueryParams params) {
        Duration wait = DEFAULT_WAIT;
        final String waitParam = params.get("wait");
        if (waitParam != null && !waitParam.isEmpty()) {
            try {
                wait = GoDuration.parse(waitParam);
            } catch (IllegalArgumentException e) {
                throw ConsulApiException.badRequest("Invalid wait time");
            }
        }
        if (wait.isZero() || wait.isNegative()) {
            wait = DEFAULT_WAIT;
        }
        if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
        }
        long index = 0;
        final String indexParam = params.get("index");
        if (indexParam != null && !indexParam.isEmpty()) {
            try {
                index = Long.parseUnsignedLong(indexParam);
            } catch (NumberFormatException e) {
                throw ConsulApiException.badRequest("Invalid index");
            }
        }
        return new QueryOptions(index, wait, params.contains("pretty"));
    }

    /** The wait plus Consul's random stagger of up to wait/16. */
    Duration waitWithJitter() {
        final long jitterBound = maxWait.toMillis() / 16;
        return jitterBound <= 0 ? maxWait : maxWait.plusMillis(ThreadLocalRandom.current().nextLong(jitterBound));
    }
}
