package io.weft.demo.sum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * Records a gRPC response stream for a test: {@link #next()} waits for the next message, {@link #values()}
 * for the end of the stream (rethrowing its error), {@link #cancel()} cancels the call.
 */
public final class StreamRecorder<T> implements ClientResponseObserver<Object, T> {

    private static final long TIMEOUT_SECONDS = 10;

    private final BlockingQueue<T> unread = new LinkedBlockingQueue<>();
    private final List<T> all = new CopyOnWriteArrayList<>();
    private final CompletableFuture<List<T>> done = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<Object> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
        call = requestStream;
    }

    @Override
    public void onNext(T value) {
        all.add(value);
        unread.add(value);
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        done.complete(List.copyOf(all));
    }

    /** The next message not yet returned by this method. */
    public T next() throws InterruptedException {
        final T value = unread.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(value).as("a response within %d s", TIMEOUT_SECONDS).isNotNull();
        return value;
    }

    /** Every message, once the stream has completed; the stream's error if it failed. */
    public List<T> values() throws Exception {
        try {
            return done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    public void cancel() {
        call.cancel("cancelled by the test", null);
    }
}
