package io.weft.sidecar.routing;

import com.linecorp.armeria.client.WebClient;

import io.weft.sidecar.balancing.UpstreamCluster;

/** One upstream service: its cluster (endpoints, ejection, retry budget) and the client over it. */
public record Upstream(String service, UpstreamCluster cluster, WebClient client) {
    public boolean hasEndpoints() {
        return !cluster.endpointGroup().endpoints().isEmpty();
    }
}
