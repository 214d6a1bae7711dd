package io.weft.controlplane.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SnapshotCacheTest {

    private final SnapshotCache cache = new SnapshotCache(Clock.systemUTC(), IntentionAction.DENY);
    private final List<SnapshotChange> changes = new ArrayList<>();

    static ServiceInstance instance(String id, int port) {
        return new ServiceInstance(id, "127.0.0.1", port, "grpc", 1, "", Map.of("weft-protocol", "grpc"),
                                   Health.PASSING);
    }

    @Test
    void everyChangeBumpsTheVersionAndSaysWhatChanged() {
        assertThat(cache.addListener(changes::add).version()).isZero();
        cache.putService("sum", List.of(instance("sum-1", 21000)));
        cache.putService("sum", List.of(instance("sum-1", 21000))); // no change
        cache.putService("hello", List.of(instance("hello-1", 21001)));
        cache.putService("sum", List.of(instance("sum-2", 21002), instance("sum-1", 21000)));
        cache.retainServices(Set.of("sum"));
        cache.putIntentions(List.of(Intention.of("hello", "sum", IntentionAction.ALLOW)));

        assertThat(changes).extracting(c -> c.current().version()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(changes.get(0).diff().changedServices()).containsExactly("sum");
        assertThat(changes.get(2).diff().changedServices()).containsExactly("sum");
        assertThat(changes.get(3).diff().removedServices()).containsExactly("hello");
        assertThat(changes.get(4).diff().intentionsChanged()).isTrue();

        final MeshSnapshot snapshot = cache.current();
        assertThat(snapshot.version()).isEqualTo(5);
        assertThat(snapshot.services()).containsOnlyKeys("sum");
        assertThat(snapshot.service("sum").version()).isEqualTo(3);
        assertThat(snapshot.service("sum").instances()).extracting(ServiceInstance::id)
                                                        .containsExactly("sum-1", "sum-2");
        assertThat(snapshot.intentionsVersion()).isEqualTo(5);
        assertThat(snapshot.defaultAction()).isEqualTo(IntentionAction.DENY);
    }

    @Test
    void oldSnapshotsNeverChange() {
        cache.putService("sum", List.of(instance("sum-1", 21000)));
        final MeshSnapshot v1 = cache.current();
        cache.putService("sum", List.of());
        assertThat(v1.service("sum").instances()).hasSize(1);
        assertThat(cache.current().service("sum").instances()).isEmpty();
    }

    @Test
    void intentionsForADestinationAreSortedByPrecedence() {
        cache.putIntentions(List.of(Intention.of("*", "*", IntentionAction.DENY),
                                    Intention.of("*", "sum", IntentionAction.ALLOW),
                                    Intention.of("hello", "sum", IntentionAction.DENY),
                                    Intention.of("hello", "*", IntentionAction.ALLOW),
                                    Intention.of("sum", "hello", IntentionAction.ALLOW)));
        assertThat(cache.current().intentionsFor("sum"))
                .extracting(i -> i.source() + "->" + i.destination() + ":" + i.precedence())
                .containsExactly("hello->sum:9", "*->sum:8", "hello->*:6", "*->*:5");
    }

    @Test
    void buildsASnapshotOfAThousandServicesWithThreeInstancesEach() {
        for (int s = 0; s < 1000; s++) {
            final List<ServiceInstance> instances = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                instances.add(instance("svc-" + s + '-' + i, 20000 + i));
            }
            cache.putService("svc-" + s, instances);
        }
        final MeshSnapshot snapshot = cache.current();
        assertThat(snapshot.version()).isEqualTo(1000);
        assertThat(snapshot.services()).hasSize(1000);
        assertThat(snapshot.instanceCount()).isEqualTo(3000);
        assertThat(snapshot.service("svc-999").instances()).hasSize(3);
    }

    @Test
    void staleIsStatusNotAVersion() {
        cache.putService("sum", List.of(instance("sum-1", 21000)));
        cache.markStale(true);
        assertThat(cache.isStale()).isTrue();
        assertThat(cache.current().version()).isEqualTo(1);
        cache.markStale(false);
        assertThat(cache.isStale()).isFalse();
    }
}
