package io.weft.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.agent.model.NewService;
import com.linecorp.armeria.client.ClientFactory;

import io.weft.controlplane.snapshot.IntentionAction;
import io.weft.controlplane.snapshot.ServiceInstance;
import io.weft.controlplane.snapshot.SnapshotCache;
import io.weft.devmesh.consul.ConsulStandIn;

/** The watches against the Consul stand-in, without the rest of the control plane. */
class ConsulDiscoveryTest {

    private final ConsulStandIn consul = ConsulStandIn.start(0);
    private final ConsulClient client = new ConsulClient("127.0.0.1", consul.port());
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ClientFactory factory = ClientFactory.builder().build();
    private final SnapshotCache cache = new SnapshotCache(Clock.systemUTC(), IntentionAction.ALLOW);
    private ConsulCatalogClient catalog;
    private ConsulDiscovery discovery;

    @BeforeEach
    void setUp() {
        final Duration wait = Duration.ofSeconds(2);
        catalog = new ConsulCatalogClient(consul.uri(), wait, blocking);
        discovery = new ConsulDiscovery(
                catalog, new ConsulIntentionsClient(consul.uri(), wait, factory, blocking).intentions(), cache,
                WatchSettings.of(wait, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(200)),
                scheduler, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        discovery.close();
        catalog.close();
        factory.close();
        scheduler.shutdownNow();
        blocking.shutdownNow();
        consul.close();
    }

    private void register(String name, String id, String address, Map<String, String> meta) {
        final NewService s = new NewService();
        s.setId(id);
        s.setName(name);
        s.setAddress(address);
        s.setPort(21000);
        s.setMeta(meta);
        client.agentServiceRegister(s);
    }

    @Test
    void onlyInstancesWithWeftProtocolAreMeshInstances() {
        register("web", "web-1", "127.0.0.1", Map.of());
        register("sum", "sum-1", "127.0.0.1", Map.of("weft-protocol", "grpc"));
        discovery.start();
        await().until(cache::isReady);
        await().until(() -> cache.current().service("sum") != null);
        assertThat(cache.current().services()).containsOnlyKeys("sum");
        // catalog + intentions + one health watch per catalog service (web and sum; not consul)
        assertThat(discovery.watchCount()).isEqualTo(4);
    }

    @Test
    void emptyServiceAddressFallsBackToTheNodeAddressAndMetaIsRead() {
        register("sum", "sum-1", "", Map.of("weft-protocol", "http", "weft-weight", "7", "weft-zone", "z"));
        discovery.start();
        await().until(() -> cache.current().service("sum") != null);
        final ServiceInstance instance = cache.current().service("sum").instances().get(0);
        assertThat(instance.address()).isNotEmpty().isEqualTo(consul.catalog().node().address());
        assertThat(instance.protocol()).isEqualTo("http");
        assertThat(instance.weight()).isEqualTo(7);
        assertThat(instance.zone()).isEqualTo("z");
    }

    @Test
    void registerAndDeregisterAreFollowedAndTheHealthWatchStops() {
        discovery.start();
        await().until(cache::isReady);
        register("sum", "sum-1", "127.0.0.1", Map.of("weft-protocol", "grpc"));
        await().until(() -> cache.current().service("sum") != null);
        register("sum", "sum-2", "127.0.0.1", Map.of("weft-protocol", "grpc"));
        await().until(() -> cache.current().service("sum").instances().size() == 2);
        client.agentServiceDeregister("sum-1");
        await().until(() -> cache.current().service("sum").instances().stream().map(ServiceInstance::id)
                                 .toList().equals(List.of("sum-2")));
        client.agentServiceDeregister("sum-2");
        await().until(() -> cache.current().service("sum") == null);
        await().until(() -> discovery.watchCount() == 2);
    }
}
