package io.weft.controlplane.chain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Consul's discovery chain means for calls to one service: the graph a request walks
 * (router -> splitter -> resolver) and the targets it can end at. Immutable.
 *
 * @param protocol the chain's protocol ({@code tcp} unless the entries say otherwise); only
 *        {@code http}, {@code http2} and {@code grpc} chains contain routers and splitters
 */
public record CompiledChain(String service, String protocol, String startNode, Map<String, ChainNode> nodes,
                            Map<String, ChainTarget> targets) {

    public CompiledChain {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    public ChainNode start() {
        return nodes.get(startNode);
    }

    public ChainNode node(String key) {
        final ChainNode node = nodes.get(key);
        if (node == null) {
            throw new IllegalArgumentException("no node " + key + " in the chain of " + service);
        }
        return node;
    }

    /**
     * Whether the chain is what a service without entries gets: straight to every instance of the
     * service itself, with default settings (Consul's "default chain").
     */
    public boolean isDefault() {
        return start() instanceof ChainNode.Resolver r && r.isDefault() &&
               targets.get(r.target()).service().equals(service);
    }
}
