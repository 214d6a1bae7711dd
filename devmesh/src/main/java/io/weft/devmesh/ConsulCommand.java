package io.weft.devmesh;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import io.weft.devmesh.consul.ConsulStandIn;
import io.weft.devmesh.consul.ConsulStandInBuilder;

/**
 * Runs the Consul stand-in until the process is stopped. Two spellings select it:
 * <ul>
 *   <li>{@code consul --port 8500 [--bind 127.0.0.1] [--node NAME] [--datacenter DC]}</li>
 *   <li>Consul's own dev-agent command line, {@code agent -dev -client 0.0.0.0 [-http-port 8500]
 *       [-bind ADDR] [-node NAME] [-datacenter DC]}, so one compose service can run either the
 *       {@code hashicorp/consul} image or the stand-in's with the same command.</li>
 * </ul>
 */
final class ConsulCommand implements DevmeshCommand {
    /** Consul agent flags that change nothing for a single in-memory dev agent. */
    private static final Set<String> IGNORED_AGENT_FLAGS = Set.of(
            "dev", "server", "ui", "bootstrap", "disable-host-node-id", "enable-script-checks",
            "enable-local-script-checks");
    private static final Set<String> IGNORED_AGENT_OPTIONS = Set.of(
            "bootstrap-expect", "data-dir", "config-dir", "config-file", "config-format", "log-level",
            "log-json", "dns-port", "grpc-port", "grpc-tls-port", "serf-lan-port", "serf-wan-port", "server-port",
            "retry-join", "join", "encrypt", "hcl", "domain", "recursor", "ui-dir", "ui-content-path",
            "node-meta", "log-file", "pid-file");

    private final boolean agentSyntax;

    private ConsulCommand(boolean agentSyntax) {
        this.agentSyntax = agentSyntax;
    }

    static ConsulCommand weftSyntax() {
        return new ConsulCommand(false);
    }

    static ConsulCommand agentSyntax() {
        return new ConsulCommand(true);
    }

    @Override
    public String name() {
        return agentSyntax ? "agent" : "consul";
    }

    @Override
    public String summary() {
        return agentSyntax ? "the Consul stand-in, taking Consul's `agent -dev -client 0.0.0.0` flags"
                           : "run the Consul HTTP API stand-in (--port 8500)";
    }

    @Override
    public String usage() {
        if (agentSyntax) {
            return """
                   Usage: devmesh agent -dev [-client ADDR] [-http-port PORT] [-bind ADDR] [-node NAME] \
                   [-datacenter DC]

                   Consul's dev-agent command line, served by the in-memory stand-in.
                     -client ADDR      address the HTTP API binds to (default 127.0.0.1)
                     -http-port PORT   HTTP API port (default 8500)
                     -bind ADDR        the node address reported in the catalog (default 127.0.0.1)
                     -advertise ADDR   same as -bind
                     -node NAME        node name (default weft-dev)
                     -datacenter DC    datacenter (default dc1)
                   Flags such as -dev, -server, -ui, -data-dir, -log-level are accepted and ignored.
                   """;
        }
        return """
               Usage: devmesh consul [--port PORT] [--bind ADDR] [--node NAME] [--datacenter DC]

               Serves Consul's HTTP API (agent, catalog, health, intentions, status) from memory.
                 --port PORT        HTTP API port; 0 picks a free one (default 8500)
                 --bind ADDR        address to listen on (default 127.0.0.1; 0.0.0.0 for all)
                 --node NAME        the agent's node name (default weft-dev)
                 --datacenter DC    datacenter (default dc1)
               """;
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        final ConsulStandInBuilder builder = builder(args);
        final ConsulStandIn standIn;
        try {
            standIn = builder.start();
        } catch (IllegalStateException e) {
            out.println("devmesh consul: " + e.getMessage());
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

    /** The stand-in this command line describes, not yet started. */
    ConsulStandInBuilder builder(List<String> args) throws UsageException {
        try {
            return agentSyntax ? parseAgent(args) : parseWeft(args);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static ConsulStandInBuilder parseWeft(List<String> args) throws UsageException {
        final ConsulStandInBuilder b = ConsulStandIn.builder();
        final Flags flags = new Flags(args);
        while (flags.hasNext()) {
            final String flag = flags.next();
            switch (flag) {
                case "--port", "-port" -> b.port(flags.intValue(flag));
                case "--bind", "-bind" -> b.bindAddress(flags.value(flag));
                case "--node", "-node" -> b.nodeName(flags.value(flag));
                case "--datacenter", "-datacenter" -> b.datacenter(flags.value(flag));
                default -> throw new UsageException("unknown option: " + flag);
            }
        }
        return b;
    }

    private static ConsulStandInBuilder parseAgent(List<String> args) throws UsageException {
        final ConsulStandInBuilder b = ConsulStandIn.builder();
        final Flags flags = new Flags(args);
        while (flags.hasNext()) {
            final String flag = flags.next();
            final String name = flag.replaceFirst("^--?", "");
            switch (name) {
                case "client" -> b.bindAddress(flags.value(flag));
                case "http-port" -> b.port(flags.intValue(flag));
                case "bind", "advertise" -> {
                    final String address = flags.value(flag);
                    if (!"0.0.0.0".equals(address) && !"::".equals(address)) {
                        b.advertiseAddress(address);
                    }
                }
                case "node" -> b.nodeName(flags.value(flag));
                case "datacenter" -> b.datacenter(flags.value(flag));
                default -> {
                    if (IGNORED_AGENT_OPTIONS.contains(name)) {
                        flags.value(flag);
                    } else if (!IGNORED_AGENT_FLAGS.contains(name)) {
                        throw new UsageException("flag provided but not supported by the stand-in: " + flag);
                    }
                }
            }
        }
        return b;
    }

    /** Reads {@code -flag value}, {@code -flag=value} and {@code --flag value}. */
    private static final class Flags {
        private final List<String> args;
        private int i;
        private String inlineValue;

        Flags(List<String> args) {
            this.args = new ArrayList<>(args);
        }

        boolean hasNext() {
            return i < args.size();
        }

        String next() throws UsageException {
            final String arg = args.get(i++);
            if (!arg.startsWith("-")) {
                throw new UsageException("unexpected argument: " + arg);
            }
            final int eq = arg.indexOf('=');
            if (eq > 0) {
                inlineValue = arg.substring(eq + 1);
                return arg.substring(0, eq);
            }
            inlineValue = null;
            return arg;
        }

        String value(String flag) throws UsageException {
            if (inlineValue != null) {
                final String v = inlineValue;
                inlineValue = null;
                return v;
            }
            if (i >= args.size()) {
                throw new UsageException(flag + ": missing value");
            }
            return args.get(i++);
        }

        int intValue(String flag) throws UsageException {
            final String v = value(flag);
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new UsageException(flag + ": " + v + " (expected: a port number 0..65535)");
            }
        }
    }
}
