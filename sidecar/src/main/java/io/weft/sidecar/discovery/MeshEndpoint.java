package io.weft.sidecar.discovery;

import java.util.Map;

/**
 * One instance of an upstream service that may get traffic, as pushed by the control plane: {@code passing}
 * when every check passes, false when its worst check is {@code warning} (Consul routes to it unless a
 * resolver subset is OnlyPassing; critical instances are never pushed).
 */
public record MeshEndpoint(String instanceId, String address, int port, String protocol, int weight,
                           String zone, String spiffeId, Map<String, String> meta, boolean passing) {
    public MeshEndpoint {
        meta = Map.copyOf(meta);
    }

    /** A passing instance. */
    public MeshEndpoint(String instanceId, String address, int port, String protocol, int weight, String zone,
                        String spiffeId, Map<String, String> meta) {
        this(instanceId, address, port, protocol, weight, zone, spiffeId, meta, true);
    }
}
