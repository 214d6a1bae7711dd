package io.weft.devmesh;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.weft.devmesh.consul.ConsulStandIn;
import io.weft.devmesh.consul.ConsulStandInBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code consul [--port 8500] [--bind 127.0.0.1] [--node weft-dev] [--datacenter dc1]}: runs the Consul
 * stand-in until the process is stopped. {@link AgentCommand} is the same server under Consul's own
 * command line. The single-dash spellings ({@code -port}) are accepted too, as Consul's flags are.
 */
@Command(name = "consul", sortOptions = false,
         description = "Serves Consul's HTTP API (agent, catalog, health, intentions, status) from memory.")
final class ConsulCommand implements Callable<Integer> {

    @Option(names = { "--port", "-port" }, paramLabel = "PORT",
            defaultValue = "" + ConsulStandInBuilder.DEFAULT_PORT, description = "HTTP API port; 0 picks a free one")
    int port;

    @Option(names = { "--bind", "-bind" }, paramLabel = "ADDR", defaultValue = ConsulStandInBuilder.DEFAULT_BIND_ADDRESS,
            description = "address to listen on (0.0.0.0 for all)")
    String bind = ConsulStandInBuilder.DEFAULT_BIND_ADDRESS;

    @Option(names = { "--node", "-node" }, paramLabel = "NAME", defaultValue = ConsulStandInBuilder.DEFAULT_NODE_NAME,
            description = "the agent's node name")
    String node = ConsulStandInBuilder.DEFAULT_NODE_NAME;

    @Option(names = { "--datacenter", "-datacenter" }, paramLabel = "DC",
            defaultValue = ConsulStandInBuilder.DEFAULT_DATACENTER, description = "datacenter")
    String datacenter = ConsulStandInBuilder.DEFAULT_DATACENTER;

    @Option(names = { "-h", "--help", "-help" }, usageHelp = true, description = "print this text")
    boolean help;

    @Spec
    CommandSpec spec;

    /** The stand-in this command line describes, not yet started. */
    ConsulStandInBuilder builder() {
        return ConsulStandIn.builder().port(port("--port", port)).bindAddress(bind).nodeName(node)
                            .datacenter(datacenter);
    }

    @Override
    public Integer call() throws InterruptedException {
        return serve(builder(), spec);
    }

    /** {@code value}, when it is a port the stand-in can listen on. */
    static int port(String option, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(option + ": " + value + " (expected: 0..65535; 0 picks a free one)");
        }
        return value;
    }

    /** Starts the stand-in and blocks until a signal's shutdown hook has stopped it. */
    static int serve(ConsulStandInBuilder builder, CommandSpec spec) throws InterruptedException {
        final ConsulStandIn standIn;
        try {
            standIn = builder.start();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("devmesh " + spec.name() + ": " + e.getMessage());
            return 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            stopped.countDown();
        }, "weft-consul-shutdown"));
        stopped.await();
        return 0;
    }
}
