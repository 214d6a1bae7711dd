package io.weft.sidecar.balancing;

import java.util.List;
import java.util.function.Function;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.endpoint.AbstractEndpointSelector;
import com.linecorp.armeria.client.endpoint.DynamicEndpointGroup;
import com.linecorp.armeria.client.endpoint.EndpointGroup;
import com.linecorp.armeria.client.endpoint.EndpointSelectionStrategy;
import com.linecorp.armeria.client.endpoint.EndpointSelector;
import io.weft.common.annotation.Nullable;

/**
 * The Armeria face of a cluster: a {@link DynamicEndpointGroup} whose endpoints the cluster sets, and
 * whose selector asks the cluster to pick (so ejection, in-flight counts and earlier attempts all
 * count). Armeria calls the selector when it creates a request's context (a retry's endpoint is picked by
 * the same function, from {@code RequestAttempts}); while the cluster is empty, requests wait up to the
 * selection timeout.
 */
final class ClusterEndpointGroup extends DynamicEndpointGroup {

    ClusterEndpointGroup(Function<ClientRequestContext, @Nullable Endpoint> pick, long selectionTimeoutMillis) {
        super(new Strategy(pick), true, selectionTimeoutMillis);
    }

    void replaceEndpoints(List<Endpoint> endpoints) {
        setEndpoints(endpoints);
    }

    private record Strategy(Function<ClientRequestContext, @Nullable Endpoint> pick)
            implements EndpointSelectionStrategy {
        @Override
        public EndpointSelector newSelector(EndpointGroup group) {
            return new Selector(group, pick);
        }
    }

    private static final class Selector extends AbstractEndpointSelector {
        private final Function<ClientRequestContext, @Nullable Endpoint> pick;

        Selector(EndpointGroup group, Function<ClientRequestContext, @Nullable Endpoint> pick) {
            super(group);
            this.pick = pick;
            initialize();
        }

        @Nullable
        @Override
        protected Endpoint doSelectNow(ClientRequestContext ctx) {
            return pick.apply(ctx);
        }
    }
}
