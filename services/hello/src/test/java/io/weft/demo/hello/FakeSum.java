package io.weft.demo.hello;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.SumServiceGrpc;

/**
 * A {@code sum} stand-in whose Add calls wait until the test answers them ({@link #nextCall()}), for
 * failures and timing the real service cannot produce on demand.
 */
public final class FakeSum extends ServerExtension {

    /** One Add call waiting for the test to answer. */
    public record Call(AddRequest request, StreamObserver<AddResponse> response) {}

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

    @Override
    protected void configure(ServerBuilder sb) {
        sb.service(GrpcService.builder().addService(new SumServiceGrpc.SumServiceImplBase() {
            @Override
            public void add(AddRequest request, StreamObserver<AddResponse> response) {
                calls.add(new Call(request, response));
            }
        }).build());
    }

    public Call nextCall() throws InterruptedException {
        final Call call = calls.poll(10, TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("no Add call reached the fake sum within 10 s");
        }
        return call;
    }
}
