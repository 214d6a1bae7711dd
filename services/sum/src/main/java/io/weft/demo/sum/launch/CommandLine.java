package io.weft.demo.sum.launch;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw option values of one process, resolved in one place: a {@code --flag} wins over its environment
 * variable, which wins over the option's default. Typed parsing and validation belong to the app's config
 * record (see {@link Values}).
 */
public final class CommandLine {

    private final Map<String, String> values;
    private final boolean helpRequested;

    private CommandLine(Map<String, String> values, boolean helpRequested) {
        this.values = values;
        this.helpRequested = helpRequested;
    }

    /**
     * Resolves every option of {@code command}.
     *
     * @throws IllegalArgumentException on an unknown flag or a flag without a value
     */
    public static CommandLine parse(Command command, List<String> args, Map<String, String> env) {
        requireNonNull(command, "command");
        requireNonNull(args, "args");
        requireNonNull(env, "env");
        final Map<String, String> fromFlags = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            if ("--help".equals(arg) || "-h".equals(arg)) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg + " (expected: --<option>)");
            }
            final int eq = arg.indexOf('=');
            final String flag = eq < 0 ? arg : arg.substring(0, eq);
            final Option option = command.option(flag.substring(2));
            if (option == null) {
                throw new IllegalArgumentException("unknown option: " + flag + " (expected one of: " +
                                                   command.flags() + ")");
            }
            final String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(flag + ": missing value (expected: " + flag + " <value>)");
            }
            fromFlags.put(option.name(), value);
        }

        final Map<String, String> resolved = new LinkedHashMap<>();
        for (Option option : command.options()) {
            String value = fromFlags.get(option.name());
            if (value == null) {
                value = env.get(option.env());
            }
            resolved.put(option.name(), value != null ? value : option.defaultValue());
        }
        return new CommandLine(Map.copyOf(resolved), help);
    }

    /** Whether {@code --help} or {@code -h} was given. */
    public boolean helpRequested() {
        return helpRequested;
    }

    /** The resolved raw value of the option named {@code name}. */
    public String get(String name) {
        final String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no such option: " + name);
        }
        return value;
    }
}
