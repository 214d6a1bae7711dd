package io.weft.devmesh.consul.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.weft.common.annotation.Nullable;

/**
 * A check as registered (Consul's {@code CheckType}): exactly one of HTTP, TCP, GRPC or TTL is set.
 * Durations are {@link Duration#ZERO} when absent, strings are empty.
 */
public record CheckDefinition(
        String checkId,
        String name,
        String notes,
        String status,
        String http,
        String method,
        Map<String, List<String>> header,
        String body,
        boolean tlsSkipVerify,
        String tcp,
        String grpc,
        boolean grpcUseTls,
        Duration ttl,
        Duration interval,
        Duration timeout,
        Duration deregisterCriticalServiceAfter) {

    public CheckDefinition {
        header = Map.copyOf(header);
    }

    /** Consul's check type string: "http", "tcp", "grpc" or "ttl". */
    public String type() {
        if (!http.isEmpty()) {
            return "http";
        }
        if (!tcp.isEmpty()) {
            return "tcp";
        }
        if (!grpc.isEmpty()) {
            return "grpc";
        }
        return "ttl";
    }

    /** Consul's {@code CheckType.Validate()}, same messages; null when valid. */
    @Nullable
    public String validate() {
        final boolean intervalCheck = !http.isEmpty() || !tcp.isEmpty() || !grpc.isEmpty();
        if (!interval.isZero() && !ttl.isZero()) {
            return "Interval and TTL cannot both be specified";
        }
        if (intervalCheck && (interval.isZero() || interval.isNegative())) {
            return "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or GRPC checks";
        }
        if (!intervalCheck && (ttl.isZero() || ttl.isNegative())) {
            return "TTL must be > 0 for TTL checks";
        }
        return null;
    }
}
