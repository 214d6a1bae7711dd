package io.weft.controlplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckTrackerTest {

    private final AckTracker acks = new AckTracker();

    @Test
    void recordsSentAckedAndNackedVersionsPerResource() {
        acks.sent(ResourceKey.endpoints("sum"), 3);
        acks.acked(ResourceKey.endpoints("sum"), 3);
        acks.sent(ResourceKey.endpoints("sum"), 4);
        acks.nacked(ResourceKey.endpoints("sum"), 4, "bad address");
        acks.sent(ResourceKey.CERTIFICATE, 1);

        assertThat(acks.byName()).containsOnlyKeys("endpoints/sum", "certificate");
        assertThat(acks.byName().get("endpoints/sum")).isEqualTo(new ResourceVersions(4, 3, 4, "bad address"));
        assertThat(acks.byName().get("certificate")).isEqualTo(new ResourceVersions(1, 0, 0, null));
    }

    @Test
    void aLateAckOfAnOlderVersionDoesNotLowerTheAckedVersion() {
        acks.acked(ResourceKey.intentions("sum"), 7);
        acks.acked(ResourceKey.intentions("sum"), 5);
        assertThat(acks.byName().get("intentions/sum").acked()).isEqualTo(7);
    }

    @Test
    void anAckAfterANackKeepsTheNackForTheStatusPage() {
        acks.nacked(ResourceKey.TRUST_BUNDLE, 2, "no roots");
        acks.acked(ResourceKey.TRUST_BUNDLE, 3);
        assertThat(acks.byName().get("trust_bundle")).isEqualTo(new ResourceVersions(0, 3, 2, "no roots"));
    }

    @Test
    void namesAreSortedTheWayTheStatusApiShowsThem() {
        acks.sent(ResourceKey.intentions("sum"), 1);
        acks.sent(ResourceKey.endpoints("sum"), 1);
        acks.sent(ResourceKey.endpoints("hello"), 1);
        acks.sent(ResourceKey.CERTIFICATE, 1);
        assertThat(acks.byName().keySet())
                .containsExactly("certificate", "endpoints/hello", "endpoints/sum", "intentions/sum");
    }
}
