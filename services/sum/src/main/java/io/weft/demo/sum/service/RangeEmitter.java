package io.weft.demo.sum.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.weft.demo.sum.v1.Number;

/**
 * Streams {@code from..to} with flow control: it writes only while the transport is ready and resumes from
 * the on-ready callback, so a slow client never makes the server buffer the whole range. gRPC calls both
 * {@link #start()} and the callback from the call's own serialized executor, so no locking is needed.
 */
final class RangeEmitter {

    private final long to;
    private final ServerCallStreamObserver<Number> observer;
    private long next;
    private boolean done;

    RangeEmitter(long from, long to, ServerCallStreamObserver<Number> observer) {
        this.next = from;
        this.to = to;
        this.observer = observer;
    }

    void start() {
        observer.setOnCancelHandler(() -> done = true);
        observer.setOnReadyHandler(this::drain);
        drain();
    }

    private void drain() {
        while (!done && observer.isReady()) {
            observer.onNext(Number.newBuilder().setValue(next).build());
            if (next == to) {
                done = true;
                observer.onCompleted();
                return;
            }
            next++;
        }
    }
}
