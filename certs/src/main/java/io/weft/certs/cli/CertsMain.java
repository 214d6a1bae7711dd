package io.weft.certs.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import io.weft.common.cli.Cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code certs} command-line tool: {@code init}, {@code inspect}, {@code csr}, {@code issue},
 * {@code verify} and {@code rotate}. Exit codes: 0 success, 1 failure (message on stderr), 2 wrong usage.
 */
@Command(name = "certs", synopsisSubcommandLabel = "COMMAND",
         description = "The weft mesh PKI: a root and intermediate CA, SPIFFE leaf certificates, trust bundles.",
         commandListHeading = "%nCommands (certs COMMAND --help for its options):%n",
         subcommands = { InitCommand.class, InspectCommand.class, CsrCommand.class, IssueCommand.class,
                         VerifyCommand.class, RotateCommand.class, HelpCommand.class })
public final class CertsMain implements Callable<Integer> {

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help and exit")
    private boolean help;

    @Spec
    private CommandSpec spec = CommandSpec.create();

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the tool with the given environment and streams and returns the exit code (for tests). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        final CommandLine commandLine = Cli.commandLine(new CertsMain(), env);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** No command given: the list of commands, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.USAGE_ERROR;
    }
}
