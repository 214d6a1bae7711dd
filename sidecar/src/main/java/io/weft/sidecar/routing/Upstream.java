package io.weft.sidecar.routing;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.endpoint.EndpointGroup;

/** One upstream service: its endpoint group and the client (retry, load balancing, mTLS) over it. */
public record Upstream(String service, EndpointGroup endpoints, WebClient client) {
    public boolean hasEndpoints() {
        return !endpoints.endpoints().isEmpty();
    }
}
