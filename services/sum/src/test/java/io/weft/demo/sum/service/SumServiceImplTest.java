package io.weft.demo.sum.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.StreamRecorder;
import io.weft.demo.sum.SumTestServers;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc.SumServiceBlockingStub;
import io.weft.demo.sum.v1.SumServiceGrpc.SumServiceStub;

class SumServiceImplTest {

    @RegisterExtension
    static final ServerExtension server = SumTestServers.extension();

    private static SumServiceBlockingStub blocking() {
        return GrpcClients.newClient(server.httpUri(), SumServiceBlockingStub.class);
    }

    private static SumServiceStub async() {
        return GrpcClients.newClient(server.httpUri(), SumServiceStub.class);
    }

    private static AddRequest add(long a, long b) {
        return AddRequest.newBuilder().setA(a).setB(b).build();
    }

    private static Number number(long value) {
        return Number.newBuilder().setValue(value).build();
    }

    // Add

    @Test
    void addReturnsTheSum() {
        assertThat(blocking().add(add(1, 2)).getSum()).isEqualTo(3);
        assertThat(blocking().add(add(-5, 2)).getSum()).isEqualTo(-3);
        assertThat(blocking().add(add(Long.MAX_VALUE, Long.MIN_VALUE)).getSum()).isEqualTo(-1);
    }

    @Test
    void addOverflowIsInvalidArgumentNamingTheOperands() {
        assertInvalidArgument(() -> blocking().add(add(Long.MAX_VALUE, 1)),
                              "a + b overflows int64: 9223372036854775807 + 1");
        assertInvalidArgument(() -> blocking().add(add(Long.MIN_VALUE, -1)),
                              "a + b overflows int64: -9223372036854775808 + -1");
    }

    // Accumulate

    @Test
    void accumulateSumsEveryPair() throws Exception {
        final StreamRecorder<AddResponse> responses = new StreamRecorder<>();
        final StreamObserver<AddRequest> requests = async().accumulate(responses);
        requests.onNext(add(1, 2));
        requests.onNext(add(3, 4));
        requests.onNext(add(-10, 0));
        requests.onCompleted();
        assertThat(responses.values()).extracting(AddResponse::getSum).containsExactly(0L);
    }

    @Test
    void accumulateOfNothingIsZero() throws Exception {
        final StreamRecorder<AddResponse> responses = new StreamRecorder<>();
        async().accumulate(responses).onCompleted();
        assertThat(responses.values()).extracting(AddResponse::getSum).containsExactly(0L);
    }

    @Test
    void accumulateOverflowIsInvalidArgument() {
        final StreamRecorder<AddResponse> responses = new StreamRecorder<>();
        final StreamObserver<AddRequest> requests = async().accumulate(responses);
        requests.onNext(add(Long.MAX_VALUE, 0));
        requests.onNext(add(1, 0));
        requests.onCompleted();
        assertInvalidArgument(responses::values,
                              "total + a + b overflows int64: 9223372036854775807 + 1 + 0");
    }

    // Range

    @Test
    void rangeStreamsFromToInclusive() {
        final List<Long> values = new ArrayList<>();
        blocking().range(RangeRequest.newBuilder().setFrom(-2).setTo(2).build())
                  .forEachRemaining(n -> values.add(n.getValue()));
        assertThat(values).containsExactly(-2L, -1L, 0L, 1L, 2L);
    }

    @Test
    void rangeOfOneValue() {
        final List<Long> values = new ArrayList<>();
        blocking().range(RangeRequest.newBuilder().setFrom(Long.MAX_VALUE).setTo(Long.MAX_VALUE).build())
                  .forEachRemaining(n -> values.add(n.getValue()));
        assertThat(values).containsExactly(Long.MAX_VALUE);
    }

    @Test
    void rangeStreamsTheMaximumOfTenThousandValues() {
        final List<Long> values = new ArrayList<>();
        blocking().range(RangeRequest.newBuilder().setFrom(1).setTo(10_000).build())
                  .forEachRemaining(n -> values.add(n.getValue()));
        assertThat(values).isEqualTo(LongStream.rangeClosed(1, 10_000).boxed().toList());
    }

    @Test
    void rangeOfMoreThanTenThousandValuesIsInvalidArgument() {
        assertInvalidArgument(() -> blocking().range(RangeRequest.newBuilder().setFrom(1).setTo(10_001).build())
                                              .hasNext(),
                              "range 1..10001 has 10001 values (expected: at most 10000)");
        assertInvalidArgument(
                () -> blocking().range(RangeRequest.newBuilder().setFrom(Long.MIN_VALUE).setTo(Long.MAX_VALUE)
                                                   .build()).hasNext(),
                "has more than 9223372036854775807 values (expected: at most 10000)");
    }

    @Test
    void rangeWithFromAfterToIsInvalidArgument() {
        assertInvalidArgument(() -> blocking().range(RangeRequest.newBuilder().setFrom(5).setTo(4).build())
                                              .hasNext(),
                              "from: 5 > to: 4 (expected: from <= to)");
    }

    // RunningSum

    @Test
    void runningSumEmitsTheTotalAfterEachInput() throws Exception {
        final StreamRecorder<Number> responses = new StreamRecorder<>();
        final StreamObserver<Number> requests = async().runningSum(responses);
        requests.onNext(number(1));
        requests.onNext(number(2));
        requests.onNext(number(3));
        requests.onNext(number(-10));
        requests.onCompleted();
        assertThat(responses.values()).extracting(Number::getValue).containsExactly(1L, 3L, 6L, -4L);
    }

    @Test
    void runningSumAnswersEachInputBeforeTheNextArrives() throws Exception {
        final StreamRecorder<Number> responses = new StreamRecorder<>();
        final StreamObserver<Number> requests = async().runningSum(responses);
        requests.onNext(number(40));
        assertThat(responses.next().getValue()).isEqualTo(40);
        requests.onNext(number(2));
        assertThat(responses.next().getValue()).isEqualTo(42);
        requests.onCompleted();
        assertThat(responses.values()).hasSize(2);
    }

    @Test
    void runningSumOverflowIsInvalidArgument() {
        final StreamRecorder<Number> responses = new StreamRecorder<>();
        final StreamObserver<Number> requests = async().runningSum(responses);
        requests.onNext(number(Long.MAX_VALUE));
        requests.onNext(number(1));
        requests.onCompleted();
        assertInvalidArgument(responses::values, "total + value overflows int64: 9223372036854775807 + 1");
    }

    private static void assertInvalidArgument(ThrowingCall call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains(message);
                });
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
