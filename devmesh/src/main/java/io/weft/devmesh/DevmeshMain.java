package io.weft.devmesh;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.weft.common.cli.Cli;
import io.weft.devmesh.launcher.ArchiveCommand;
import io.weft.devmesh.launcher.DownCommand;
import io.weft.devmesh.launcher.RegisterCommand;
import io.weft.devmesh.launcher.StatCommand;
import io.weft.devmesh.launcher.RunCommand;
import io.weft.devmesh.launcher.StatusCommand;
import io.weft.devmesh.launcher.Terminal;
import io.weft.devmesh.launcher.UpCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code devmesh.jar}: the Consul stand-in ({@code consul}, or Consul's own {@code agent}
 * command line) and the launcher behind {@code ./weft} ({@code up}, {@code down}, {@code status},
 * {@code register}, {@code run}, {@code sidecar-archive}), each a picocli subcommand run through {@link Cli}.
 *
 * <pre>
 * java -jar devmesh.jar consul --port 8500
 * java -jar devmesh.jar agent -dev -client 0.0.0.0     (Consul's own command line)
 * java -jar devmesh.jar up --port 9090
 * java -jar devmesh.jar --help
 * </pre>
 */
@Command(name = "java -jar devmesh.jar",
         customSynopsis = "java -jar devmesh.jar <command> [options]",
         description = "Runs the mesh on one machine: the Consul HTTP API stand-in and the launcher behind ./weft.",
         footer = "%nRun `java -jar devmesh.jar <command> --help` for a command's options.",
         subcommands = { ConsulCommand.class, AgentCommand.class, UpCommand.class, DownCommand.class,
                         StatusCommand.class, StatCommand.class, RegisterCommand.class, RunCommand.class,
                         ArchiveCommand.class,
                         CommandLine.HelpCommand.class })
public final class DevmeshMain implements Callable<Integer>, Terminal {

    /** Exit code for a command interrupted while it waited, as a shell reports Ctrl-C. */
    static final int INTERRUPTED = 130;

    @Option(names = { "-h", "--help", "-help" }, usageHelp = true, description = "print this text")
    boolean help;

    /** Anything that is not a command: reported as an unknown command rather than picocli's index. */
    @Parameters(hidden = true)
    List<String> unknown = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final PrintStream out;

    DevmeshMain(Map<String, String> env, PrintStream out) {
        this.env = Map.copyOf(env);
        this.out = out;
    }

    public static void main(String[] args) {
        final int code = run(List.of(args), System.getenv(), System.out, System.err);
        // A server command returns only once a shutdown hook stopped it; System.exit there would hang.
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs one command line; returns the exit code. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        final CommandLine cl = Cli.commandLine(new DevmeshMain(env, out), env);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        final IExecutionExceptionHandler shared = cl.getExecutionExceptionHandler();
        cl.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return INTERRUPTED;
            }
            if (e instanceof IllegalArgumentException) {
                return shared.handleExecutionException(e, command, parseResult);
            }
            command.getErr().println(command.getCommandName() + " failed: " + e);
            return 1;
        });
        return cl.execute(args.toArray(new String[0]));
    }

    /** No command: the list of commands, as a usage error. */
    @Override
    public Integer call() {
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown command: " + unknown.get(0) + " (expected: one of consul, agent, up, down, status, "
                    + "register, run, sidecar-archive, help)");
        }
        spec.commandLine().usage(spec.commandLine().getOut());
        return Cli.USAGE_ERROR;
    }

    @Override
    public Map<String, String> env() {
        return env;
    }

    @Override
    public PrintStream out() {
        return out;
    }
}
