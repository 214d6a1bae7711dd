package io.weft.devmesh.consul.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CatalogTest {

    private final Catalog catalog = new Catalog(new NodeInfo("node-id", "box", "127.0.0.1", "dc1"),
                                                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static ServiceRegistration web(String id) {
        return new ServiceRegistration(id, "web", List.of("v1"), "127.0.0.1", null, 8080, false, 1, 1, List.of());
    }

    @Test
    void aReadIsOneVersionThatLaterWritesDoNotChange() {
        catalog.register(web("web-1"), false);
        final QueryResult<List<HealthEntry>> before = catalog.health("web", false);
        final QueryResult<Map<String, ServiceInstance>> services = catalog.agentServices();

        catalog.register(web("web-2"), false);

        assertThat(before.value()).extracting(e -> e.service().id()).containsExactly("web-1");
        assertThat(services.value()).containsOnlyKeys("web-1");
        final QueryResult<List<HealthEntry>> after = catalog.health("web", false);
        assertThat(after.value()).extracting(e -> e.service().id()).containsExactly("web-1", "web-2");
        assertThat(after.index()).isGreaterThan(before.index());
        assertThatThrownBy(() -> services.value().remove("web-1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aWriteWakesOnlyItsTopicsAndAnIdenticalOneWakesNone() {
        final AtomicInteger web = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();
        catalog.watch(Topic.service("web"), web::incrementAndGet);
        catalog.watch(Topic.service("db"), other::incrementAndGet);
        catalog.register(web("web-1"), false);
        assertThat(web).hasValue(1);
        assertThat(other).hasValue(0);

        final long index = catalog.serviceIndex("web");
        catalog.watch(Topic.service("web"), web::incrementAndGet);
        catalog.register(web("web-1"), false);
        assertThat(web).hasValue(1);
        assertThat(catalog.serviceIndex("web")).isEqualTo(index);
    }

    @Test
    void aNameNeverSeenReportsTheLastExtinction() {
        catalog.register(web("web-1"), false);
        catalog.deregister("web-1");
        final long extinct = catalog.serviceIndex("web");
        assertThat(catalog.serviceIndex("never-registered")).isEqualTo(extinct);
        assertThat(catalog.serviceInstances("web").value()).isEmpty();
        assertThat(catalog.serviceInstances(Catalog.CONSUL_SERVICE).value()).hasSize(1);
    }
}
