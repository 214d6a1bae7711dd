package io.weft.sidecar.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.stub.StreamObserver;

/** Collects a response stream into a future list. */
public final class Collector<T> implements StreamObserver<T> {
    private final List<T> values = new CopyOnWriteArrayList<>();
    private final CompletableFuture<List<T>> done = new CompletableFuture<>();

    @Override
    public void onNext(T value) {
        values.add(value);
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        done.complete(List.copyOf(values));
    }

    public CompletableFuture<List<T>> future() {
        return done;
    }
}
