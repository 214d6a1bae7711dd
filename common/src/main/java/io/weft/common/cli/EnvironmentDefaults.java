package io.weft.common.cli;

import java.util.Locale;
import java.util.Map;

import io.weft.common.annotation.Nullable;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads an option's value from the environment when the command line does not give it: {@code --leaf-ttl}
 * is {@code WEFT_LEAF_TTL}. Precedence is therefore flag, then environment, then the option's declared
 * default; an empty variable counts as unset. The environment is passed in, so tests need not touch the process's own.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    private static final String PREFIX = "WEFT_";

    private final Map<String, String> env;

    public EnvironmentDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The environment variable that sets {@code option}: {@code --app-port} -> {@code WEFT_APP_PORT}. */
    public static String variableOf(OptionSpec option) {
        return variableOf(option.longestName());
    }

    /** The environment variable for the flag {@code name} (with or without leading dashes). */
    public static String variableOf(String name) {
        final String bare = name.replaceFirst("^-+", "");
        return PREFIX + bare.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    @Nullable
    public String defaultValue(ArgSpec argSpec) {
        if (!argSpec.isOption()) {
            return null;
        }
        final OptionSpec option = (OptionSpec) argSpec;
        if (option.usageHelp() || option.versionHelp()) {
            return null;
        }
        final String value = env.get(variableOf(option));
        // An empty variable (WEFT_CONSUL_TOKEN= in a compose file) means unset, as in every parser before.
        return value != null && !value.isEmpty() ? value : option.defaultValue();
    }
}
