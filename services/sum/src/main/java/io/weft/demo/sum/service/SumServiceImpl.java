package io.weft.demo.sum.service;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;

/** {@code weft.demo.sum.v1.SumService}: Add, Accumulate, Range and RunningSum. */
public final class SumServiceImpl extends SumServiceGrpc.SumServiceImplBase {

    /** The most values one {@code Range} call may stream. */
    public static final long MAX_RANGE_VALUES = 10_000;

    @Override
    public void add(AddRequest request, StreamObserver<AddResponse> responseObserver) {
        final long sum;
        try {
            sum = Math.addExact(request.getA(), request.getB());
        } catch (ArithmeticException e) {
            responseObserver.onError(overflow("a + b", request.getA(), request.getB()));
            return;
        }
        responseObserver.onNext(AddResponse.newBuilder().setSum(sum).build());
        responseObserver.onCompleted();
    }

    @Override
    public StreamObserver<AddRequest> accumulate(StreamObserver<AddResponse> responseObserver) {
        return new StreamObserver<>() {
            private long total;
            private boolean failed;

            @Override
            public void onNext(AddRequest request) {
                if (failed) {
                    return;
                }
                try {
                    total = Math.addExact(total, Math.addExact(request.getA(), request.getB()));
                } catch (ArithmeticException e) {
                    failed = true;
                    responseObserver.onError(Status.INVALID_ARGUMENT.withDescription(
                            "total + a + b overflows int64: " + total + " + " + request.getA() + " + " +
                            request.getB()).asRuntimeException());
                }
            }

            @Override
            public void onError(Throwable t) {
                // The client cancelled or failed; there is nobody to answer.
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    responseObserver.onNext(AddResponse.newBuilder().setSum(total).build());
                    responseObserver.onCompleted();
                }
            }
        };
    }

    @Override
    public void range(RangeRequest request, StreamObserver<Number> responseObserver) {
        final long from = request.getFrom();
        final long to = request.getTo();
        if (from > to) {
            responseObserver.onError(Status.INVALID_ARGUMENT.withDescription(
                    "from: " + from + " > to: " + to + " (expected: from <= to)").asRuntimeException());
            return;
        }
        // to - from cannot go below zero here, but it can overflow for extreme bounds.
        final long span = to - from;
        if (span < 0 || span >= MAX_RANGE_VALUES) {
            responseObserver.onError(Status.INVALID_ARGUMENT.withDescription(
                    "range " + from + ".." + to + " has " + (span < 0 ? "more than " + Long.MAX_VALUE
                                                                        : Long.toString(span + 1)) +
                    " values (expected: at most " + MAX_RANGE_VALUES + ')').asRuntimeException());
            return;
        }
        new RangeEmitter(from, to, (ServerCallStreamObserver<Number>) responseObserver).start();
    }

    @Override
    public StreamObserver<Number> runningSum(StreamObserver<Number> responseObserver) {
        return new StreamObserver<>() {
            private long total;
            private boolean failed;

            @Override
            public void onNext(Number number) {
                if (failed) {
                    return;
                }
                try {
                    total = Math.addExact(total, number.getValue());
                } catch (ArithmeticException e) {
                    failed = true;
                    responseObserver.onError(overflow("total + value", total, number.getValue()));
                    return;
                }
                responseObserver.onNext(Number.newBuilder().setValue(total).build());
            }

            @Override
            public void onError(Throwable t) {
                // The client cancelled or failed; there is nobody to answer.
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    responseObserver.onCompleted();
                }
            }
        };
    }

    private static RuntimeException overflow(String expression, long left, long right) {
        return Status.INVALID_ARGUMENT
                .withDescription(expression + " overflows int64: " + left + " + " + right)
                .asRuntimeException();
    }
}
