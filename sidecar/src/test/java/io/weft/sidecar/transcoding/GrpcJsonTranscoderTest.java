package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;

import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;

/** JSON (the shared cases) and native gRPC through the Armeria transcoder, in front of the real sum app. */
class GrpcJsonTranscoderTest extends JsonTranscodingCases {

    private static SumApp app;
    private static TranscodingFront front;

    @BeforeAll
    static void start() {
        app = SumApp.real(0);
        front = new TranscodingFront(app.port(), MAX_MESSAGE_LENGTH);
        org.awaitility.Awaitility.await().until(() -> front.transcoder.state().ready());
    }

    @AfterAll
    static void stop() {
        if (front != null) {
            front.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Override
    WebClient client() {
        return front.client;
    }

    @Test
    void nativeGrpcOfAllFourMethodsPassesThrough() throws Exception {
        final SumServiceGrpc.SumServiceBlockingStub blocking =
                GrpcClients.newClient(front.uri(), SumServiceGrpc.SumServiceBlockingStub.class);
        assertThat(blocking.add(AddRequest.newBuilder().setA(20).setB(22).build()).getSum()).isEqualTo(42);

        final List<Long> range = new ArrayList<>();
        blocking.range(RangeRequest.newBuilder().setFrom(1).setTo(4).build())
                .forEachRemaining(n -> range.add(n.getValue()));
        assertThat(range).containsExactly(1L, 2L, 3L, 4L);

        final SumServiceGrpc.SumServiceStub async = GrpcClients.newClient(front.uri(),
                                                                          SumServiceGrpc.SumServiceStub.class);
        final CompletableFuture<Long> accumulated = new CompletableFuture<>();
        final StreamObserver<AddRequest> accumulate = async.accumulate(observer(accumulated, AddResponse::getSum));
        accumulate.onNext(AddRequest.newBuilder().setA(1).setB(2).build());
        accumulate.onNext(AddRequest.newBuilder().setA(3).setB(4).build());
        accumulate.onCompleted();
        assertThat(accumulated.get()).isEqualTo(10L);

        final List<Long> running = new ArrayList<>();
        final CompletableFuture<Long> last = new CompletableFuture<>();
        final StreamObserver<Number> runningSum = async.runningSum(observer(last, n -> {
            synchronized (running) {
                running.add(n.getValue());
            }
            return n.getValue();
        }));
        for (long i = 1; i <= 3; i++) {
            runningSum.onNext(Number.newBuilder().setValue(i).build());
        }
        runningSum.onCompleted();
        assertThat(last.get()).isEqualTo(6L);
        synchronized (running) {
            assertThat(running).containsExactly(1L, 3L, 6L);
        }
    }

    @Test
    void stateListsMethodsAndRoutes() {
        final TranscoderState state = front.transcoder.state();
        assertThat(state.ready()).isTrue();
        assertThat(state.version()).isEqualTo(1);
        assertThat(state.services()).isSorted().contains("weft.demo.sum.v1.SumService", "grpc.health.v1.Health");
        assertThat(state.methods()).contains("/weft.demo.sum.v1.SumService/Add",
                                             "/weft.demo.sum.v1.SumService/Range");
        assertThat(state.routes()).contains("POST /v1/sum -> /weft.demo.sum.v1.SumService/Add (body: *)",
                                            "GET /v1/sum/{a}/{b} -> /weft.demo.sum.v1.SumService/Add");
        assertThat(state.reflection()).isEqualTo(ReflectionClient.V1);
        assertThat(state.loadedAt()).isNotNull();
        assertThat(state.problems()).isEmpty();
    }

    /** A response observer that completes {@code future} with the last value. */
    private static <T> StreamObserver<T> observer(CompletableFuture<Long> future,
                                                  java.util.function.Function<T, Long> value) {
        return new StreamObserver<>() {
            private Long last;

            @Override
            public void onNext(T message) {
                last = value.apply(message);
            }

            @Override
            public void onError(Throwable t) {
                future.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                future.complete(last);
            }
        };
    }

}
