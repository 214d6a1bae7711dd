package io.weft.certs.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parsed command-line arguments: {@code --name value}, {@code --name=value}, flags and positionals. */
final class Args {

    private final Map<String, String> options = new HashMap<>();
    private final List<String> positionals = new ArrayList<>();

    /**
     * Parses {@code args}; {@code valued} names options that take a value, {@code flags} those that do not.
     *
     * @throws UsageException for an unknown option or a missing value
     */
    static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
        final Args parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            if (!arg.startsWith("--")) {
                parsed.positionals.add(arg);
                continue;
            }
            final int eq = arg.indexOf('=');
            final String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (flags.contains(name) && eq < 0) {
                parsed.options.put(name, "true");
            } else if (valued.contains(name)) {
                if (eq >= 0) {
                    parsed.options.put(name, arg.substring(eq + 1));
                } else if (i + 1 < args.size()) {
                    parsed.options.put(name, args.get(++i));
                } else {
                    throw new UsageException("--" + name + ": missing value");
                }
            } else {
                throw new UsageException("unknown option: " + arg);
            }
        }
        return parsed;
    }

    String get(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    String required(String name) {
        final String value = options.get(name);
        if (value == null || value.isEmpty()) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    /** Fails if there are positional arguments (for commands that take options only). */
    void noPositionals() {
        if (!positionals.isEmpty()) {
            throw new UsageException("unexpected argument: " + positionals.get(0));
        }
    }

    List<String> positionals() {
        return positionals;
    }

    /** Parses {@code 10s}, {@code 5m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT1H}). */
    static Duration duration(String name, String value) {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            final long amount = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's': return Duration.ofSeconds(amount);
                case 'm': return Duration.ofMinutes(amount);
                case 'h': return Duration.ofHours(amount);
                case 'd': return Duration.ofDays(amount);
                default: break;
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            // fall through to the usage error
        }
        throw new UsageException("--" + name + ": '" + value + "' (expected: a duration such as 10s, 30m, 1h, 7d or PT1H)");
    }

    /** A command line that cannot be run as given; the message says what to fix. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
