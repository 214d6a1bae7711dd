package io.weft.sidecar.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class ReadinessTest {
    private final CompletableFuture<Object> started = new CompletableFuture<>();
    private final AtomicBoolean certificate = new AtomicBoolean();
    private final AtomicBoolean trustBundle = new AtomicBoolean();
    private final AtomicBoolean connected = new AtomicBoolean();
    private final Readiness readiness = new Readiness(started, certificate::get, trustBundle::get, connected::get);

    @Test
    void namesEverythingStillMissingThenTheFirstEndpoints() {
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.detail()).isEqualTo("no certificate, no trust bundle, control plane not connected");
        certificate.set(true);
        trustBundle.set(true);
        connected.set(true);
        assertThat(readiness.detail()).isEqualTo("waiting for first endpoints");
        started.complete("listeners up");
        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.detail()).isEqualTo("ready");
    }

    @Test
    void aFailedStartAndDrainingAreNotReady() {
        started.completeExceptionally(new IllegalStateException("port in use"));
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.detail()).startsWith("failed to start listeners: ").contains("port in use");

        final CompletableFuture<Object> up = CompletableFuture.completedFuture("up");
        final Readiness serving = new Readiness(up, () -> true, () -> true, () -> true);
        assertThat(serving.ready()).isTrue();
        serving.drain();
        assertThat(serving.ready()).isFalse();
        assertThat(serving.detail()).isEqualTo("draining");
    }
}
