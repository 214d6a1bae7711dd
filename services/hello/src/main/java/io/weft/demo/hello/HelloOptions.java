package io.weft.demo.hello;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import io.weft.demo.sum.launch.Launcher;
import io.weft.demo.sum.launch.ServerOptions;
import io.weft.demo.sum.launch.Values;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code hello} command line: its options and their defaults; run, it serves until SIGTERM. */
@Command(name = "java -jar hello.jar", abbreviateSynopsis = true, sortOptions = false,
         description = "A plain HTTP/JSON demo service that calls sum over gRPC.")
public final class HelloOptions implements Callable<Integer> {

    static final String DEFAULT_UPSTREAM = "http://127.0.0.1:15001";
    static final String DEFAULT_UPSTREAM_AUTHORITY = "sum";
    static final String DEFAULT_UPSTREAM_TIMEOUT = "5s";

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "8081",
            description = "TCP port to listen on, 0 = any")
    private int port;

    @Mixin
    private ServerOptions server = new ServerOptions();

    @Option(names = "--upstream", paramLabel = "<uri>", defaultValue = DEFAULT_UPSTREAM,
            description = "where GET /sum calls sum (in the mesh: the sidecar's outbound listener)")
    private String upstream = DEFAULT_UPSTREAM;

    @Option(names = "--upstream-authority", paramLabel = "<authority>", defaultValue = DEFAULT_UPSTREAM_AUTHORITY,
            description = ":authority of calls to sum; the sidecar routes by it")
    private String upstreamAuthority = DEFAULT_UPSTREAM_AUTHORITY;

    @Option(names = "--upstream-timeout", paramLabel = "<duration>", defaultValue = DEFAULT_UPSTREAM_TIMEOUT,
            description = "how long one call to sum may take")
    private Duration upstreamTimeout = Duration.ZERO;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help and exit")
    private boolean help;

    private final Map<String, String> env;

    /** {@code env} gives the instance id's default ({@code HOSTNAME}). */
    public HelloOptions(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The one place where the options become a {@link HelloConfig}; a bad value names its flag. */
    public HelloConfig config() {
        return new HelloConfig(server.bindAddress(), Values.checkPort("--port", port), server.instanceId(env),
                               Values.httpUri("--upstream", upstream),
                               Values.authority("--upstream-authority", upstreamAuthority),
                               Values.checkPositive("--upstream-timeout", upstreamTimeout),
                               server.shutdownGrace());
    }

    @Override
    public Integer call() {
        final HelloConfig config = config();
        return Launcher.runUntilSignalled("hello", HelloServer.build(config), config.instanceId());
    }
}
