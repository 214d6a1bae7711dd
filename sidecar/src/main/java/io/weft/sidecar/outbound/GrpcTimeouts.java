package io.weft.sidecar.outbound;

import java.time.Duration;
import java.util.Optional;

import com.linecorp.armeria.common.annotation.Nullable;

/** Parses the {@code grpc-timeout} header: up to 8 digits and a unit (H, M, S, m, u, n). */
public final class GrpcTimeouts {

    public static Optional<Duration> parse(@Nullable String value) {
        if (value == null || value.length() < 2 || value.length() > 9) {
            return Optional.empty();
        }
        final long amount;
        try {
            amount = Long.parseLong(value.substring(0, value.length() - 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (value.charAt(value.length() - 1)) {
            case 'H' -> Duration.ofHours(amount);
            case 'M' -> Duration.ofMinutes(amount);
            case 'S' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMillis(amount);
            case 'u' -> Duration.ofNanos(amount * 1000);
            case 'n' -> Duration.ofNanos(amount);
            default -> null;
        });
    }

    private GrpcTimeouts() {}
}
