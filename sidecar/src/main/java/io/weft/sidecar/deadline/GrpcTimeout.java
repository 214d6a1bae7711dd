package io.weft.sidecar.deadline;

import java.time.Duration;
import java.util.Optional;

import io.weft.common.annotation.Nullable;

/**
 * Parses the gRPC {@code grpc-timeout} request header: 1 to 8 ASCII digits followed by a unit,
 * {@code H} hours, {@code M} minutes, {@code S} seconds, {@code m} milliseconds, {@code u}
 * microseconds or {@code n} nanoseconds (gRPC over HTTP/2 protocol spec).
 */
public final class GrpcTimeout {

    /** The header's name. */
    public static final String HEADER = "grpc-timeout";

    private GrpcTimeout() {}

    /**
     * Parses a header value.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    public static Duration parse(String value) {
        final int n = value.length();
        if (n < 2 || n > 9) {
            throw invalid(value);
        }
        long amount = 0;
        for (int i = 0; i < n - 1; i++) {
            final char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(value);
            }
            amount = amount * 10 + (c - '0');
        }
        return switch (value.charAt(n - 1)) {
            case 'H' -> Duration.ofHours(amount);
            case 'M' -> Duration.ofMinutes(amount);
            case 'S' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMillis(amount);
            case 'u' -> Duration.ofNanos(amount * 1_000);
            case 'n' -> Duration.ofNanos(amount);
            default -> throw invalid(value);
        };
    }

    /** Like {@link #parse} but empty for a missing or malformed value. */
    public static Optional<Duration> tryParse(@Nullable String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException(
                HEADER + ": '" + value + "' (expected: 1-8 digits followed by one of H, M, S, m, u, n)");
    }
}
