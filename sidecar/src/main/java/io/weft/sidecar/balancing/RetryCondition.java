package io.weft.sidecar.balancing;

import java.util.Locale;

/**
 * The retry conditions a Consul route's {@code RetryOn} may name (Consul's {@code isValidRetryCondition},
 * Envoy's {@code x-envoy-retry-on} values), with what each means in the sidecar. Every condition that
 * covers a failed connection also covers one that was refused or reset, as Envoy's do.
 */
public enum RetryCondition {
    /** Any 5xx response, or no response: a connection that failed, was refused or broke. */
    FIVE_XX("5xx"),
    /** 502, 503 or 504, or no response. */
    GATEWAY_ERROR("gateway-error"),
    /** No response: a connection that failed, was refused or broke (Envoy: disconnect, reset). */
    RESET("reset"),
    /** The connection to the endpoint could not be made. */
    CONNECT_FAILURE("connect-failure"),
    /** Envoy's own rate limiter answered; the sidecar has none, so this never holds. */
    ENVOY_RATELIMITED("envoy-ratelimited"),
    /** 409 Conflict. */
    RETRIABLE_4XX("retriable-4xx"),
    /** The endpoint refused the stream before processing it (REFUSED_STREAM, beyond a GOAWAY). */
    REFUSED_STREAM("refused-stream"),
    /** gRPC {@code CANCELLED}. */
    CANCELLED("cancelled"),
    /** gRPC {@code DEADLINE_EXCEEDED}. */
    DEADLINE_EXCEEDED("deadline-exceeded"),
    /** gRPC {@code INTERNAL}. */
    INTERNAL("internal"),
    /** gRPC {@code RESOURCE_EXHAUSTED}. */
    RESOURCE_EXHAUSTED("resource-exhausted"),
    /** gRPC {@code UNAVAILABLE}. */
    UNAVAILABLE("unavailable");

    private final String consulName;

    RetryCondition(String consulName) {
        this.consulName = consulName;
    }

    /** The name as written in a route's {@code RetryOn}. */
    public String consulName() {
        return consulName;
    }

    /** The condition {@code name} stands for; throws naming it and the accepted names otherwise. */
    public static RetryCondition of(String name) {
        for (RetryCondition c : values()) {
            if (c.consulName.equals(name)) {
                return c;
            }
        }
        final StringBuilder known = new StringBuilder();
        for (RetryCondition c : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(c.consulName);
        }
        throw new IllegalArgumentException("RetryOn: '" + name.toLowerCase(Locale.ROOT) +
                                           "' (expected one of: " + known + ')');
    }
}
