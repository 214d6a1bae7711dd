package io.weft.common.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command-line layer of every weft binary. A binary declares its options once, as one picocli
 * {@code @Command} class whose {@code defaultValue}s are the defaults; this class adds what all binaries
 * share: the {@link Durations} syntax for every {@link Duration}, {@code WEFT_<OPTION>} environment
 * defaults ({@link EnvironmentDefaults}), case-insensitive enum values, the environment variable and
 * default of each option in {@code --help}, the last of a repeated flag winning, and one way to report a mistake (exit code 2, one
 * {@code error:} line naming the option, the value and what was expected).
 */
public final class Cli {

    /** Exit code for a mistake on the command line or in the configuration it describes. */
    public static final int USAGE_ERROR = 2;

    private Cli() {}

    /** A {@link CommandLine} for {@code command} reading defaults from {@code env}. */
    public static CommandLine commandLine(Object command, Map<String, String> env) {
        final CommandLine cl = new CommandLine(command);
        configure(cl, env);
        return cl;
    }

    /**
     * Fills {@code command}'s options from {@code args} over {@code env}, for code and tests that want the
     * values without running the command.
     *
     * @throws IllegalArgumentException naming the option, the value and what was expected
     */
    public static <T> T parse(T command, List<String> args, Map<String, String> env) {
        final CommandLine cl = commandLine(command, env);
        try {
            cl.parseArgs(args.toArray(new String[0]));
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return command;
    }

    /** {@link #parse(Object, List, Map)} for an array. */
    public static <T> T parse(T command, String[] args, Map<String, String> env) {
        return parse(command, Arrays.asList(args), env);
    }

    /**
     * Parses and runs {@code command} (a {@code Callable<Integer>} or {@code Runnable}, or a command with
     * subcommands), and returns the exit code for {@code System.exit}. A mistake prints one {@code error:}
     * line to standard error and returns {@link #USAGE_ERROR}; so does an {@link IllegalArgumentException}
     * thrown while the command turns its options into a configuration.
     */
    public static int run(Object command, String[] args, Map<String, String> env) {
        return commandLine(command, env).execute(args);
    }

    /** The {@code --help} text of {@code command}, as the binary prints it. */
    public static String usage(Object command, Map<String, String> env) {
        final StringWriter out = new StringWriter();
        commandLine(command, env).usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        return out.toString();
    }

    private static void configure(CommandLine cl, Map<String, String> env) {
        cl.registerConverter(Duration.class, new Durations());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Every hand-written parser before this one let the last of a repeated flag win; scripts rely on it
        // (a default in a wrapper, then the user's own value).
        cl.setOverwrittenOptionsAllowed(true);
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("(run with --help to see every option)");
            return USAGE_ERROR;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return USAGE_ERROR;
            }
            throw e;
        });
        describeEnvironment(cl.getCommandSpec());
    }

    /** Appends "env WEFT_X, default: v" to each option's description, in every subcommand too. */
    private static void describeEnvironment(CommandSpec spec) {
        spec.usageMessage().showDefaultValues(false);
        for (OptionSpec option : new ArrayList<>(spec.options())) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            final List<String> description = new ArrayList<>(Arrays.asList(option.description()));
            final String defaultValue = option.defaultValue();
            final boolean flag = option.arity().max() == 0;
            description.add("env " + EnvironmentDefaults.variableOf(option) +
                            (flag || defaultValue == null ? "" :
                             ", default: " + (defaultValue.isEmpty() ? "(none)" : defaultValue)));
            spec.remove(option);
            spec.addOption(option.toBuilder().description(description.toArray(new String[0])).build());
        }
        for (CommandLine sub : spec.subcommands().values()) {
            describeEnvironment(sub.getCommandSpec());
        }
    }
}
