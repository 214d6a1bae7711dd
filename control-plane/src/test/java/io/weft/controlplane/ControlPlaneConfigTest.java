package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.weft.controlplane.snapshot.IntentionAction;

class ControlPlaneConfigTest {

    private static ControlPlaneConfig.Builder valid() {
        return ControlPlaneConfig.builder().bootstrapToken("t");
    }

    @Test
    void defaults() {
        final ControlPlaneConfig config = valid().build();
        assertThat(config.consulUri()).isEqualTo(URI.create("http://127.0.0.1:8500"));
        assertThat(config.trustDomain()).isEqualTo("weft.local");
        assertThat(config.datacenter()).isEqualTo("dc1");
        assertThat(config.streamPort()).isEqualTo(15012);
        assertThat(config.httpPort()).isEqualTo(15014);
        assertThat(config.leafTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.defaultIntention()).isEqualTo(IntentionAction.ALLOW);
        assertThat(config.consulWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.toString()).doesNotContain("t,").contains("sharedToken=<set>");
    }

    @Test
    void rejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> ControlPlaneConfig.builder().build())
                .hasMessage("bootstrapToken: <none> (expected: a shared token or at least one per-service token)");
        assertThatThrownBy(() -> valid().leafTtl(Duration.ZERO).build())
                .hasMessageStartingWith("leafTtl: PT0S (expected: PT10S..");
        assertThatThrownBy(() -> valid().streamPort(70000).build())
                .hasMessage("streamPort: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> valid().httpPort(15012).build())
                .hasMessage("httpPort: 15012 (expected: different from streamPort 15012)");
        assertThatThrownBy(() -> valid().consulUri("ftp://x").build())
                .hasMessageStartingWith("consulUri: ftp://x (expected:");
        assertThatThrownBy(() -> valid().consulWait(Duration.ofMinutes(10)).build())
                .hasMessageStartingWith("consulWait: PT10M (expected: <= PT9M");
        assertThatThrownBy(() -> valid().trustDomain("bad domain").build())
                .hasMessageStartingWith("trustDomain: bad domain");
        assertThatThrownBy(() -> valid().bootstrapToken("").build())
                .hasMessageStartingWith("bootstrapToken: ''");
    }

    @Test
    void portZeroIsAllowedForBoth() {
        assertThat(valid().streamPort(0).httpPort(0).build().httpPort()).isZero();
    }
}
