package io.weft.devmesh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.weft.common.annotation.Nullable;
import io.weft.devmesh.consul.ConsulStandIn;
import io.weft.devmesh.consul.ConsulStandInBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Consul's own dev-agent command line, {@code agent -dev -client 0.0.0.0 [-http-port 8500] [-bind ADDR]
 * [-node NAME] [-datacenter DC]}, served by the stand-in: one compose service can run either the
 * {@code hashicorp/consul} image or the stand-in's with the same command. Agent flags that change nothing
 * for a single in-memory dev agent are accepted and ignored; any other flag is refused, as Consul would.
 */
@Command(name = "agent", sortOptions = false,
         description = { "The Consul stand-in, taking Consul's `agent -dev -client 0.0.0.0` flags.",
                         "Flags such as -dev, -server, -ui, -data-dir, -log-level are accepted and ignored." })
final class AgentCommand implements Callable<Integer> {

    @Option(names = { "-client", "--client" }, paramLabel = "ADDR",
            defaultValue = ConsulStandInBuilder.DEFAULT_BIND_ADDRESS, description = "address the HTTP API binds to")
    String client = ConsulStandInBuilder.DEFAULT_BIND_ADDRESS;

    @Option(names = { "-http-port", "--http-port" }, paramLabel = "PORT",
            defaultValue = "" + ConsulStandInBuilder.DEFAULT_PORT, description = "HTTP API port")
    int httpPort = ConsulStandInBuilder.DEFAULT_PORT;

    @Option(names = { "-bind", "--bind" }, paramLabel = "ADDR",
            defaultValue = ConsulStandInBuilder.DEFAULT_ADVERTISE_ADDRESS,
            description = "the node address reported in the catalog (0.0.0.0 and :: leave the default)")
    String bind = ConsulStandInBuilder.DEFAULT_ADVERTISE_ADDRESS;

    @Option(names = { "-advertise", "--advertise" }, paramLabel = "ADDR", description = "like -bind, and wins over it")
    @Nullable
    String advertise;

    @Option(names = { "-node", "--node" }, paramLabel = "NAME", defaultValue = ConsulStandInBuilder.DEFAULT_NODE_NAME,
            description = "node name")
    String node = ConsulStandInBuilder.DEFAULT_NODE_NAME;

    @Option(names = { "-datacenter", "--datacenter" }, paramLabel = "DC",
            defaultValue = ConsulStandInBuilder.DEFAULT_DATACENTER, description = "datacenter")
    String datacenter = ConsulStandInBuilder.DEFAULT_DATACENTER;

    @Option(names = { "-h", "--help", "-help" }, usageHelp = true, description = "print this text")
    boolean help;

    /** Consul agent flags without a value that change nothing for one in-memory dev agent. */
    @Option(names = { "-dev", "--dev", "-server", "--server", "-ui", "--ui", "-bootstrap", "--bootstrap",
                      "-disable-host-node-id", "--disable-host-node-id", "-enable-script-checks",
                      "--enable-script-checks", "-enable-local-script-checks", "--enable-local-script-checks" },
            hidden = true)
    boolean[] ignoredFlags = {};

    /** Consul agent options with a value that change nothing here either. */
    @Option(names = { "-bootstrap-expect", "--bootstrap-expect", "-data-dir", "--data-dir", "-config-dir",
                      "--config-dir", "-config-file", "--config-file", "-config-format", "--config-format",
                      "-log-level", "--log-level", "-log-json", "--log-json", "-dns-port", "--dns-port",
                      "-grpc-port", "--grpc-port", "-grpc-tls-port", "--grpc-tls-port", "-serf-lan-port",
                      "--serf-lan-port", "-serf-wan-port", "--serf-wan-port", "-server-port", "--server-port",
                      "-retry-join", "--retry-join", "-join", "--join", "-encrypt", "--encrypt", "-hcl", "--hcl",
                      "-domain", "--domain", "-recursor", "--recursor", "-ui-dir", "--ui-dir", "-ui-content-path",
                      "--ui-content-path", "-node-meta", "--node-meta", "-log-file", "--log-file", "-pid-file",
                      "--pid-file" },
            hidden = true, paramLabel = "VALUE")
    List<String> ignoredOptions = new ArrayList<>();

    /** What Consul would refuse; reported in Consul's words by {@link #builder()}. */
    @Unmatched
    List<String> unsupported = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** The stand-in this command line describes, not yet started. */
    ConsulStandInBuilder builder() {
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException(
                    "flag provided but not supported by the stand-in: " + unsupported.get(0)
                    + " (expected: -client, -http-port, -bind, -advertise, -node, -datacenter, or a flag it ignores "
                    + "such as -dev, -ui, -data-dir, -log-level)");
        }
        final ConsulStandInBuilder b = ConsulStandIn.builder().bindAddress(client)
                                                    .port(ConsulCommand.port("-http-port", httpPort))
                                                    .nodeName(node).datacenter(datacenter);
        final String address = advertise != null ? advertise : bind;
        if (!"0.0.0.0".equals(address) && !"::".equals(address)) {
            b.advertiseAddress(address);
        }
        return b;
    }

    @Override
    public Integer call() throws InterruptedException {
        return ConsulCommand.serve(builder(), spec);
    }
}
