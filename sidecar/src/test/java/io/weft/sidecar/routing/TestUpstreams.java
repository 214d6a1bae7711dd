package io.weft.sidecar.routing;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.SessionProtocol;

import io.weft.sidecar.balancing.ClusterPolicy;
import io.weft.sidecar.balancing.UpstreamCluster;

/** {@link Upstreams} as the sidecar builds them, minus mTLS: cleartext HTTP/2 clients on the clusters. */
final class TestUpstreams {

    static ConnectTimeoutFactories factories(ClientFactory sidecars, Duration sidecarsTimeout,
                                             ScheduledExecutorService scheduler, Duration grace) {
        return new ConnectTimeoutFactories(sidecars, sidecarsTimeout,
                                           t -> ClientFactory.builder().connectTimeout(t).build(), scheduler, grace);
    }

    static Upstreams of(ConnectTimeoutFactories factories) {
        return new Upstreams(name -> UpstreamCluster.of(name, ClusterPolicy.builder().build()), factories,
                             (service, cluster, factory) ->
                                     WebClient.builder(SessionProtocol.H2C, cluster.endpointGroup())
                                              .factory(factory).responseTimeout(Duration.ZERO)
                                              .decorator(cluster.attemptDecorator()).build());
    }

    private TestUpstreams() {}
}
