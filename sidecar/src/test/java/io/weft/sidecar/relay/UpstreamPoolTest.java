package io.weft.sidecar.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.Endpoint;

import io.netty.channel.nio.NioEventLoopGroup;
import io.weft.sidecar.discovery.MeshEndpoint;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.discovery.ServiceEndpoints;

class UpstreamPoolTest {
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    // No stream is opened here, so no TLS context is ever asked for.
    private final UpstreamPool pool = new UpstreamPool(group, Duration.ofSeconds(1), null);

    @AfterEach
    void close() {
        pool.close();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void keepsOneEntryPerServiceAndEndpoint() {
        final H2Upstream a = pool.of("sum", Endpoint.of("127.0.0.1", 21001), Duration.ZERO);
        assertThat(pool.of("sum", Endpoint.of("127.0.0.1", 21001), Duration.ZERO)).isSameAs(a);
        assertThat(pool.of("hello", Endpoint.of("127.0.0.1", 21001), Duration.ZERO)).isNotSameAs(a); // never mixed
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void dropsTheEndpointsThatLeftTheirServiceAndKeepsTheRest() {
        final H2Upstream kept = pool.of("sum", Endpoint.of("127.0.0.1", 21001), Duration.ZERO);
        final H2Upstream gone = pool.of("sum", Endpoint.of("127.0.0.1", 21002), Duration.ZERO);
        pool.of("hello", Endpoint.of("127.0.0.1", 21003), Duration.ZERO);
        pool.of("sum", Endpoint.of("127.0.0.1", 21002), Duration.ofMillis(250)); // a resolver's ConnectTimeout

        // sum-2 deregistered; hello lost its only instance (withdrawn: no endpoints at all)
        pool.retain(MeshState.EMPTY.withEndpoints(endpoints("sum", 21001), false));

        assertThat(pool.size()).isEqualTo(1);
        assertThat(pool.of("sum", Endpoint.of("127.0.0.1", 21001), Duration.ZERO)).isSameAs(kept);
        // an endpoint that comes back gets a fresh entry, not the closed one
        assertThat(pool.of("sum", Endpoint.of("127.0.0.1", 21002), Duration.ZERO)).isNotSameAs(gone);
    }

    private static ServiceEndpoints endpoints(String service, int port) {
        return new ServiceEndpoints(service, 1, List.of(new MeshEndpoint(service + "-1", "127.0.0.1", port, "grpc", 1,
                                                                         "", "spiffe://weft.test/" + service,
                                                                         Map.of())));
    }
}
