package io.weft.common.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration syntax of every weft binary: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h},
 * {@code 7d}, or ISO-8601 ({@code PT1H30M}, {@code P7D}). Registered for {@link Duration} options by
 * {@link Cli}, so no option declares a converter of its own.
 */
public final class Durations implements ITypeConverter<Duration> {

    /** What a user is told a duration looks like; shared by every error about one. */
    public static final String EXPECTED = "a duration such as 500ms, 30s, 5m, 24h, 7d or PT1H30M";

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /**
     * Parses {@code value}.
     *
     * @throws IllegalArgumentException naming the value and the syntax expected
     */
    public static Duration parse(String value) {
        final String v = value.trim();
        final Matcher m = SHORT.matcher(v.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                final long amount = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms":
                        return Duration.ofMillis(amount);
                    case "s":
                        return Duration.ofSeconds(amount);
                    case "m":
                        return Duration.ofMinutes(amount);
                    case "h":
                        return Duration.ofHours(amount);
                    default:
                        return Duration.ofDays(amount);
                }
            }
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' (expected: " + EXPECTED + ')', e);
        }
    }

    /** Renders {@code d} in the short syntax when it has one ({@code 15s}, {@code 5m}), else ISO-8601. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.getNano() % 1_000_000 != 0 || d.isNegative()) {
            return d.toString();
        }
        final long ms = d.toMillis();
        final long[] units = { 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L };
        final String[] names = { "d", "h", "m", "s", "ms" };
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return d.toString();
    }

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            // picocli prefixes "Invalid value for option '--x': ", so this names option, value and syntax.
            throw new TypeConversionException(e.getMessage());
        }
    }
}
