package io.weft.bench;

import java.util.concurrent.Callable;

import io.weft.bench.app.BenchApp;
import io.weft.bench.app.CallCheck;
import io.weft.bench.app.FreePorts;
import io.weft.bench.app.GrpcBody;
import io.weft.bench.profile.ProfileTop;
import io.weft.bench.relay.RelayCommand;
import io.weft.bench.propagation.PropagationBench;
import io.weft.bench.scale.ScaleBench;
import io.weft.bench.soak.SoakLoad;
import io.weft.bench.stats.H2LoadLog;
import io.weft.common.cli.Cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar bench.jar <command> [options]}: the Java pieces {@code bench/run} drives, one picocli
 * sub-command each. Exit codes: 0 success, 1 failure (stack trace on stderr), 2 a mistake on the command
 * line; {@code check} exits 1 when the path does not answer 3.
 */
@Command(name = "java -jar bench.jar", synopsisSubcommandLabel = "COMMAND",
         description = "The Java pieces of the benchmark; bench/run drives them.",
         commandListHeading = "%nCommands (COMMAND --help for its options):%n",
         subcommands = { BenchApp.class, FreePorts.class, GrpcBody.class, CallCheck.class, H2LoadLog.class,
                         PropagationBench.class, ScaleBench.class, ProfileTop.class, SoakLoad.class,
                         RelayCommand.class })
public final class BenchMain implements Callable<Integer> {

    @Option(names = { "-h", "--help" }, usageHelp = true, scope = ScopeType.INHERIT,
            description = "print this help and exit")
    private boolean help;

    @Spec
    private CommandSpec spec = CommandSpec.create();

    public static void main(String[] argv) {
        System.exit(Cli.run(new BenchMain(), argv, System.getenv()));
    }

    /** No command given: the list of commands. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
