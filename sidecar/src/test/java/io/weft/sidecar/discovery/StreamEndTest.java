package io.weft.sidecar.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.grpc.Status;

/** Which ends of the discovery stream are a replica going away (one INFO line) and which are worth a WARN. */
class StreamEndTest {

    @Test
    void aReplicaGoingAwayIsExpectedARefusalOrAnInternalErrorIsNot() {
        assertThat(DiscoveryClient.isExpectedEnd(null)).isTrue(); // completed: the replica shut down
        assertThat(DiscoveryClient.isExpectedEnd(Status.UNAVAILABLE.asRuntimeException())).isTrue();
        assertThat(DiscoveryClient.isExpectedEnd(Status.CANCELLED.asRuntimeException())).isTrue();
        assertThat(DiscoveryClient.isExpectedEnd(Status.PERMISSION_DENIED.asRuntimeException())).isFalse();
        assertThat(DiscoveryClient.isExpectedEnd(Status.INTERNAL.asRuntimeException())).isFalse();
        assertThat(DiscoveryClient.isExpectedEnd(new IllegalStateException("bug"))).isFalse();
    }
}
