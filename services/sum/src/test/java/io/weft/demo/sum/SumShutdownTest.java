package io.weft.demo.sum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc.HealthStub;
import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.SumServiceGrpc.SumServiceStub;

/** A stop request: health turns NOT_SERVING at once, in-flight streams still finish, then the server stops. */
class SumShutdownTest {

    private final Server server = SumServer.build(new SumConfig("127.0.0.1", 0, "sum-stop", Duration.ofSeconds(30)));

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void healthTurnsNotServingAndInFlightStreamsFinishBeforeTheServerStops() throws Exception {
        server.start().join();
        final String uri = "http://127.0.0.1:" + server.activeLocalPort();

        final StreamRecorder<HealthCheckResponse> health = new StreamRecorder<>();
        GrpcClients.newClient(uri, HealthStub.class).watch(HealthCheckRequest.getDefaultInstance(), health);
        assertThat(health.next().getStatus()).isEqualTo(ServingStatus.SERVING);

        final StreamRecorder<Number> totals = new StreamRecorder<>();
        final StreamObserver<Number> numbers = GrpcClients.newClient(uri, SumServiceStub.class).runningSum(totals);
        numbers.onNext(Number.newBuilder().setValue(1).build());
        assertThat(totals.next().getValue()).isEqualTo(1);

        final CompletableFuture<Void> stopped = server.stop();
        assertThat(health.next().getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        health.cancel();

        // The open stream is still served while the server drains.
        numbers.onNext(Number.newBuilder().setValue(2).build());
        assertThat(totals.next().getValue()).isEqualTo(3);
        assertThat(stopped).isNotDone();
        numbers.onCompleted();
        assertThat(totals.values()).hasSize(2);

        await().atMost(Duration.ofSeconds(20)).until(stopped::isDone);
        assertThat(stopped).isCompleted();
    }
}
