package io.weft.sidecar.discovery;

import java.util.Map;

/** One healthy instance of an upstream service, as pushed by the control plane. */
public record MeshEndpoint(String instanceId, String address, int port, String protocol, int weight,
                           String zone, String spiffeId, Map<String, String> meta) {
    public MeshEndpoint {
        meta = Map.copyOf(meta);
    }
}
