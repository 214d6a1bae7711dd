package io.weft.demo.sum.launch;

import static java.util.Objects.requireNonNull;

/**
 * One command-line option: {@code --name <value>} or {@code --name=<value>}, else the environment variable
 * {@code env}, else {@code defaultValue}.
 *
 * @param name the flag name without the leading {@code --}, e.g. {@code port}
 * @param valueName what the value is, for {@code --help}, e.g. {@code port} in {@code --port <port>}
 * @param env the environment variable read when the flag is absent, e.g. {@code SUM_PORT}
 * @param defaultValue the value used when neither is set, as the user would type it
 * @param help one line for {@code --help}
 */
public record Option(String name, String valueName, String env, String defaultValue, String help) {

    public Option {
        requireNonNull(name, "name");
        requireNonNull(valueName, "valueName");
        requireNonNull(env, "env");
        requireNonNull(defaultValue, "defaultValue");
        requireNonNull(help, "help");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("name: " + name + " (expected: lower-case words joined by '-')");
        }
    }

    /** How {@code --help} shows the flag, e.g. {@code --port <port>}. */
    String synopsis() {
        return flag() + " <" + valueName + '>';
    }

    /** The flag as typed, e.g. {@code --port}. */
    public String flag() {
        return "--" + name;
    }
}
