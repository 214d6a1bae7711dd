package io.weft.sidecar.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;

import io.netty.channel.ConnectTimeoutException;
import io.weft.protocol.v1.Resolver;
import io.weft.protocol.v1.RouteNode;
import io.weft.protocol.v1.RouteTarget;
import io.weft.protocol.v1.Routes;
import io.weft.sidecar.discovery.MeshEndpoint;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.discovery.ServiceEndpoints;
import io.weft.sidecar.testing.UnansweredPort;

/**
 * A resolver's {@code ConnectTimeout} reaches the connections of its target's cluster on the Armeria path.
 * The upstream is an {@link UnansweredPort} (a listener whose accept queue is full: Linux drops the SYN),
 * so a connect lasts exactly as long as the timeout in force: the target's 300 ms, not the sidecar's 30 s.
 */
class ConnectTimeoutTest {
    private static final String TARGET = "sum.default.default.dc1";
    private static final Duration SIDECARS = Duration.ofSeconds(30);

    private UnansweredPort unanswered;
    private ScheduledExecutorService scheduler;
    private ClientFactory sidecarFactory;
    private ConnectTimeoutFactories factories;
    private Upstreams upstreams;

    @BeforeEach
    void setUp() {
        unanswered = new UnansweredPort();
        assertThat(unanswered.filled()).as("a connect to the full accept queue went unanswered").isTrue();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        sidecarFactory = ClientFactory.builder().connectTimeout(SIDECARS).build();
        factories = TestUpstreams.factories(sidecarFactory, SIDECARS, scheduler, Duration.ofMillis(100));
        upstreams = TestUpstreams.of(factories);
    }

    @AfterEach
    void tearDown() throws Exception {
        upstreams.close();
        sidecarFactory.close();
        scheduler.shutdownNow();
        unanswered.close();
    }

    private MeshState state(long connectTimeoutMillis) {
        final Routes routes = Routes.newBuilder().setService("sum").setVersion(connectTimeoutMillis)
                .setProtocol("http").setStartNode("resolver:" + TARGET)
                .putNodes("resolver:" + TARGET, RouteNode.newBuilder().setResolver(
                        Resolver.newBuilder().setTarget(TARGET).setConnectTimeoutMillis(connectTimeoutMillis)).build())
                .putTargets(TARGET, RouteTarget.newBuilder().setId(TARGET).setService("sum").addInstanceIds("sum-1")
                                               .setConnectTimeoutMillis(connectTimeoutMillis).build())
                .build();
        final MeshEndpoint endpoint = new MeshEndpoint("sum-1", "127.0.0.1", unanswered.port(), "http", 1, "", "",
                                                       Map.of());
        return new MeshState(null, null, 0, Map.of("sum", new ServiceEndpoints("sum", 1, List.of(endpoint))), null,
                             Map.of("sum", routes));
    }

    @Test
    void aTargetsConnectTimeoutEndsAnUnansweredConnectInsteadOfTheSidecars() {
        upstreams.onMeshState(state(300));
        final Upstream target = upstreams.get(TARGET);
        assertThat(target.connectTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(upstreams.get("sum").connectTimeout()).isZero(); // the service itself: --connect-timeout

        final long start = System.nanoTime();
        // more than 300 ms, far less than the sidecar's 30 s: fails with a timeout if the target's is not in force
        assertThatThrownBy(() -> target.client().get("/").aggregate().get(10, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(ConnectTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                                                                          Duration.ofSeconds(10));
    }

    @Test
    void aChangedTimeoutGetsANewClientAndTheUnusedFactoryIsClosedAfterTheGrace() {
        upstreams.onMeshState(state(300));
        final WebClient first = upstreams.get(TARGET).client();
        assertThat(factories.users()).containsExactlyEntriesOf(Map.of(Duration.ofMillis(300), 1));

        upstreams.onMeshState(state(400));
        assertThat(upstreams.get(TARGET).client()).isNotSameAs(first);
        assertThat(upstreams.get(TARGET).connectTimeout()).isEqualTo(Duration.ofMillis(400));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(factories.users()).containsExactlyEntriesOf(Map.of(Duration.ofMillis(400), 1)));

        upstreams.onMeshState(state(0)); // unset: the sidecar's own factory, never closed here
        assertThat(upstreams.get(TARGET).connectTimeout()).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(factories.users()).isEmpty());
        assertThat(sidecarFactory.isClosed()).isFalse();
    }
}
