package io.weft.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} / {@code --name=value} options plus positional arguments, with clear errors. */
public final class Args {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    public Args(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            final int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                options.put(arg.substring(2), args.get(++i));
            } else {
                throw new IllegalArgumentException(arg + ": missing value");
            }
        }
    }

    public String string(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    public String required(String name) {
        final String value = options.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("--" + name + ": required");
        }
        return value;
    }

    public int intValue(String name, int defaultValue) {
        final String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": " + value + " (expected: an integer)", e);
        }
    }

    public double doubleValue(String name, double defaultValue) {
        final String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": " + value + " (expected: a number)", e);
        }
    }

    public List<String> positional() {
        return positional;
    }
}
