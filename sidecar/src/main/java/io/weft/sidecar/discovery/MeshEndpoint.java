package io.weft.sidecar.discovery;

import java.util.Map;

/** One healthy instance of an upstream service, as pushed by the control plane. */
public record MeshEndpoint(String instanceId, String address, int port, String protocol, int weight,
                           String zone, String spiffeId, Map<String, String> meta) {
    public MeshEndpoint {
        meta = Map.copyOf(meta);
    }

    static MeshEndpoint fromProto(io.weft.protocol.v1.Endpoint e) {
        if (e.getAddress().isBlank() || e.getPort() == 0 || e.getPort() > 65535) {
            throw new IllegalArgumentException("endpoint " + e.getInstanceId() + ": address '" + e.getAddress() +
                                               "', port " + e.getPort() + " (expected: host and 1..65535)");
        }
        return new MeshEndpoint(e.getInstanceId(), e.getAddress(), e.getPort(), e.getProtocol(),
                                e.getWeight() == 0 ? 1 : e.getWeight(), e.getZone(), e.getSpiffeId(),
                                e.getMetaMap());
    }
}
