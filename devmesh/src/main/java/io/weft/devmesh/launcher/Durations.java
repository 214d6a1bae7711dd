package io.weft.devmesh.launcher;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Parses {@code 90}, {@code 90s}, {@code 5m}, {@code 2h} or ISO-8601 ({@code PT90S}). */
final class Durations {

    static Duration parse(String flag, String value) {
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return Duration.parse(value);
            }
            final char unit = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
            final String digits = Character.isDigit(unit) ? value : value.substring(0, value.length() - 1);
            final long n = Long.parseLong(digits);
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new NumberFormatException();
                    }
                    yield Duration.ofSeconds(n);
                }
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(
                    flag + ": " + value + " (expected: seconds, e.g. 90, 90s, 5m, 2h or PT90S)");
        }
    }

    private Durations() {}
}
