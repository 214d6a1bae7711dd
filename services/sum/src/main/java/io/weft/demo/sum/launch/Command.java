package io.weft.demo.sum.launch;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

import io.weft.common.annotation.Nullable;

/**
 * A program's name, one-line summary and options: everything {@code --help} prints.
 */
public record Command(String program, String summary, List<Option> options) {

    public Command {
        requireNonNull(program, "program");
        requireNonNull(summary, "summary");
        options = List.copyOf(options);
        final long distinct = options.stream().map(Option::name).distinct().count();
        if (distinct != options.size()) {
            throw new IllegalArgumentException("options: " + options + " (expected: unique names)");
        }
    }

    @Nullable
    Option option(String name) {
        for (Option option : options) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        return null;
    }

    String flags() {
        return options.stream().map(Option::flag).collect(Collectors.joining(", ")) + ", --help";
    }

    /** The text printed by {@code --help}. */
    public String usage() {
        final StringBuilder out = new StringBuilder();
        out.append("Usage: java -jar ").append(program).append(".jar [options]\n");
        out.append(summary).append("\n\n");
        out.append("Options (a flag wins over its environment variable, which wins over the default):\n");
        final int width = options.stream().mapToInt(o -> o.synopsis().length()).max().orElse(0) + 2;
        final int envWidth = options.stream().mapToInt(o -> o.env().length()).max().orElse(0) + 2;
        for (Option option : options) {
            out.append("  ").append(pad(option.synopsis(), width))
               .append(pad(option.env(), envWidth))
               .append(option.help())
               .append(" (default: ").append(option.defaultValue().isEmpty() ? "none" : option.defaultValue())
               .append(")\n");
        }
        out.append("  ").append(pad("-h, --help", width)).append(pad("", envWidth))
           .append("print this help and exit\n");
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + ' ' : s + " ".repeat(width - s.length());
    }
}
