package io.weft.sidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.linecorp.armeria.client.ClientFactory;

import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;

/** The four gRPC call kinds of the demo {@code sum} service, checked end to end through a listener. */
public final class SumCalls {

    /**
     * Unary {@code Add}, a 10,000-message server stream ({@code Range}), a 1,000-message client stream
     * ({@code Accumulate}) and a bidirectional stream ({@code RunningSum}), through the listener on {@code port}
     * to {@code authority}; fails the test on any wrong answer.
     */
    public static void allFour(ClientFactory factory, int port, String authority) throws Exception {
        final SumServiceGrpc.SumServiceBlockingStub blocking = MeshClients.sumBlocking(factory, port, authority);
        assertThat(blocking.add(AddRequest.newBuilder().setA(1).setB(2).build()).getSum()).isEqualTo(3);

        final SumServiceGrpc.SumServiceStub async = MeshClients.sumAsync(factory, port, authority);
        final Collector<Number> range = new Collector<>();
        async.range(RangeRequest.newBuilder().setFrom(1).setTo(10_000).build(), range);
        final List<Number> values = range.future().get(20, TimeUnit.SECONDS);
        assertThat(values).hasSize(10_000);
        assertThat(values.get(9_999).getValue()).isEqualTo(10_000L);

        final Collector<AddResponse> accumulated = new Collector<>();
        final StreamObserver<AddRequest> accumulate = async.accumulate(accumulated);
        for (int i = 0; i < 1_000; i++) {
            accumulate.onNext(AddRequest.newBuilder().setA(i).setB(1).build());
        }
        accumulate.onCompleted();
        assertThat(accumulated.future().get(20, TimeUnit.SECONDS)).extracting(AddResponse::getSum)
                                                                  .containsExactly(999L * 1_000 / 2 + 1_000);

        final Collector<Number> running = new Collector<>();
        final StreamObserver<Number> runningSum = async.runningSum(running);
        for (long v : new long[] { 5, 6, 7 }) {
            runningSum.onNext(Number.newBuilder().setValue(v).build());
        }
        runningSum.onCompleted();
        assertThat(running.future().get(10, TimeUnit.SECONDS)).extracting(Number::getValue)
                                                              .containsExactly(5L, 11L, 18L);
    }

    private SumCalls() {}
}
