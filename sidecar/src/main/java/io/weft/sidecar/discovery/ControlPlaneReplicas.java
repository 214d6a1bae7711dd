package io.weft.sidecar.discovery;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.client.ClientFactory;

/**
 * Where the control-plane replicas are, asked before each connect: a fixed list ({@code --control-plane
 * host:port[,host:port...]}) or the passing instances of {@code weft-control-plane} in Consul
 * ({@code --control-plane consul}).
 */
public interface ControlPlaneReplicas {

    /** The {@code --control-plane} value that makes the sidecar look the replicas up in Consul. */
    String CONSUL = "consul";

    /**
     * The replicas {@code spec} names: {@link #CONSUL}, or a comma-separated list of {@code host:port}.
     *
     * @param consul the Consul HTTP API the {@code consul} form asks, with {@code factory}'s event loops
     * @throws IllegalArgumentException naming the entry that is not {@code host:port}
     */
    static ControlPlaneReplicas of(String spec, URI consul, ClientFactory factory) {
        return CONSUL.equals(spec.strip()) ? new ConsulReplicas(consul, factory) : fixed(spec);
    }

    /** The replicas of a comma-separated list of {@code host:port}. */
    static ControlPlaneReplicas fixed(String spec) {
        final List<String> addresses = parseList(spec);
        final CompletableFuture<List<String>> answer = CompletableFuture.completedFuture(addresses);
        return () -> answer;
    }

    /**
     * {@code host:port[,host:port...]} as a list; a bracketed IPv6 host is kept as it is.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code host:port}
     */
    static List<String> parseList(String spec) {
        requireNonNull(spec, "spec");
        final List<String> addresses = new ArrayList<>();
        for (String entry : spec.split(",", -1)) {
            final String address = entry.strip();
            final int colon = address.lastIndexOf(':');
            final boolean valid = colon > 0 && address.substring(colon + 1).matches("\\d{1,5}")
                                  && Integer.parseInt(address.substring(colon + 1)) <= 65535;
            if (!valid) {
                throw new IllegalArgumentException("control-plane: '" + address + "' in '" + spec
                                                   + "' (expected: consul, or host:port[,host:port...])");
            }
            if (!addresses.contains(address)) {
                addresses.add(address);
            }
        }
        return List.copyOf(addresses);
    }

    /**
     * The replicas to try now, as {@code host:port}; may be empty. Completes on an event loop or at once;
     * fails when they cannot be looked up (the caller keeps using the last answer).
     */
    CompletableFuture<List<String>> addresses();
}
