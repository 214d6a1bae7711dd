package io.weft.sidecar.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReplicaRotationTest {

    private static final List<String> REPLICAS = List.of("10.0.0.2:15012", "10.0.0.1:15012", "10.0.0.3:15012");

    @Test
    void sidecarsSpreadOverTheReplicasByInstanceId() {
        final Set<String> firstChoices = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            firstChoices.add(new ReplicaRotation("sum-" + i).next(REPLICAS));
        }
        assertThat(firstChoices).containsExactlyInAnyOrderElementsOf(REPLICAS);
        // The same instance always starts at the same replica, whatever order Consul lists them in.
        assertThat(new ReplicaRotation("sum-7").next(REPLICAS))
                .isEqualTo(new ReplicaRotation("sum-7").next(List.of(REPLICAS.get(2), REPLICAS.get(0),
                                                                     REPLICAS.get(1))));
    }

    @Test
    void aLostStreamMovesOnToAnotherReplicaAndBacksOffOnlyWhenNoneAnswered() {
        final ReplicaRotation rotation = new ReplicaRotation("sum-1");
        final String first = rotation.next(REPLICAS);
        rotation.answered(first);

        final String second = rotation.next(REPLICAS); // the stream to the first was lost
        assertThat(second).isNotEqualTo(first);
        rotation.failed(second);
        final String third = rotation.next(REPLICAS);
        assertThat(third).isNotIn(first, second);
        rotation.failed(third);
        final String fourth = rotation.next(REPLICAS);
        assertThat(fourth).isEqualTo(first); // it may be back
        rotation.failed(fourth);
        assertThat(rotation.next(REPLICAS)).isNull(); // every one failed: the caller backs off

        rotation.newRound();
        assertThat(rotation.next(REPLICAS)).isNotNull();
    }

    @Test
    void aSingleReplicaIsRetriedAfterALostStreamAndThereIsNothingToDialWithoutReplicas() {
        final ReplicaRotation rotation = new ReplicaRotation("hello-1");
        assertThat(rotation.next(List.of())).isNull();
        rotation.answered(rotation.next(List.of("cp:15012")));
        assertThat(rotation.next(List.of("cp:15012"))).isEqualTo("cp:15012");
        rotation.failed("cp:15012");
        assertThat(rotation.next(List.of("cp:15012"))).isNull();
    }
}
