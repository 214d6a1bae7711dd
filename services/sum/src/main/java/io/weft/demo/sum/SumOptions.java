package io.weft.demo.sum;

import java.util.Map;
import java.util.concurrent.Callable;

import io.weft.demo.sum.launch.Launcher;
import io.weft.demo.sum.launch.ServerOptions;
import io.weft.demo.sum.launch.Values;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code sum} command line: its options and their defaults; run, it serves until SIGTERM. */
@Command(name = "java -jar sum.jar", abbreviateSynopsis = true, sortOptions = false,
         description = "A plain gRPC demo service: weft.demo.sum.v1.SumService.")
public final class SumOptions implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "50051",
            description = "TCP port to listen on, 0 = any")
    private int port;

    @Mixin
    private ServerOptions server = new ServerOptions();

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help and exit")
    private boolean help;

    private final Map<String, String> env;

    /** {@code env} gives the instance id's default ({@code HOSTNAME}). */
    public SumOptions(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The one place where the options become a {@link SumConfig}; a bad value names its flag. */
    public SumConfig config() {
        return new SumConfig(server.bindAddress(), Values.checkPort("--port", port), server.instanceId(env),
                             server.shutdownGrace());
    }

    @Override
    public Integer call() {
        final SumConfig config = config();
        return Launcher.runUntilSignalled("sum", SumServer.build(config), config.instanceId());
    }
}
