package io.weft.sidecar.routing;

import java.util.List;

import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.endpoint.DynamicEndpointGroup;
import com.linecorp.armeria.client.endpoint.EndpointSelectionStrategy;

import io.weft.sidecar.discovery.MeshEndpoint;

/** The endpoints of one upstream service, replaced as a whole on each push (weighted round robin). */
final class MeshEndpointGroup extends DynamicEndpointGroup {
    MeshEndpointGroup() {
        super(EndpointSelectionStrategy.weightedRoundRobin(), true);
    }

    void update(List<MeshEndpoint> endpoints) {
        setEndpoints(endpoints.stream()
                              .map(e -> Endpoint.of(e.address(), e.port()).withWeight(e.weight()))
                              .toList());
    }
}
