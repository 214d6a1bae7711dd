package io.weft.sidecar.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.common.util.EventLoopGroups;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.Future;
import io.weft.sidecar.testing.UnansweredPort;
import io.weft.sidecar.tls.UpstreamTlsSpecs;

/**
 * The Netty outbound relay opens each upstream connection within the cluster's connect timeout: the pool keeps
 * one {@link H2Upstream} per timeout, and the bootstrap's timeout ends a connect to an {@link UnansweredPort}
 * (a full accept queue: Linux drops the SYN) at 300 ms, not at the sidecar's 30 s.
 */
class RelayConnectTimeoutTest {
    private static final Duration SIDECARS = Duration.ofSeconds(30);
    private final EventLoopGroup group = EventLoopGroups.newEventLoopGroup(1);

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void thePoolKeepsAConnectionSetPerTimeoutAndZeroIsTheSidecars() {
        // the TLS specs are asked only when a connection opens, which this test does not do
        try (UpstreamPool pool = new UpstreamPool(group, SIDECARS, new UpstreamTlsSpecs(null, null, s -> null))) {
            final Endpoint endpoint = Endpoint.of("127.0.0.1", 1);
            final H2Upstream target = pool.of("sum", endpoint, Duration.ofMillis(300));
            assertThat(target.connectTimeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(pool.of("sum", endpoint, Duration.ofMillis(300))).isSameAs(target);
            final H2Upstream sidecars = pool.of("sum", endpoint, Duration.ZERO);
            assertThat(sidecars).isNotSameAs(target);
            assertThat(sidecars.connectTimeout()).isEqualTo(SIDECARS);
        }
    }

    @Test
    void anUnansweredConnectFailsAtTheUpstreamsTimeout() throws Exception {
        try (UnansweredPort unanswered = new UnansweredPort()) {
            assertThat(unanswered.filled()).as("a connect to the full accept queue went unanswered").isTrue();
            final H2Upstream upstream = new H2Upstream(group, unanswered.address(), Duration.ofMillis(300));
            final EventLoop loop = group.next();
            final long start = System.nanoTime();
            final Future<Http2StreamChannel> opened =
                    loop.submit(() -> upstream.open(loop, new ChannelInboundHandlerAdapter())).get().await();
            assertThat(opened.cause()).isInstanceOf(ConnectTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                                                                              Duration.ofSeconds(10));
            upstream.close();
        }
    }
}
