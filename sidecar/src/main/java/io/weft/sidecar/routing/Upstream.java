package io.weft.sidecar.routing;

import java.time.Duration;

import com.linecorp.armeria.client.WebClient;

import io.weft.sidecar.balancing.UpstreamCluster;

/**
 * One upstream service (or chain target): its cluster (endpoints, ejection, retry budget) and the client over
 * it, whose connections time out connecting after {@code connectTimeout} (zero: the sidecar's
 * {@code --connect-timeout}).
 */
public record Upstream(String service, UpstreamCluster cluster, WebClient client, Duration connectTimeout) {
    public boolean hasEndpoints() {
        return !cluster.endpointGroup().endpoints().isEmpty();
    }
}
