package io.weft.sidecar.discovery;

import java.util.List;

/** The full, current endpoint set of one upstream service at one version. */
public record ServiceEndpoints(String service, long version, List<MeshEndpoint> endpoints) {
    public ServiceEndpoints {
        endpoints = List.copyOf(endpoints);
    }
}
