package io.weft.sidecar.testing;

import java.util.concurrent.CompletableFuture;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.ResponseHeaders;

/**
 * Subscribes to an Armeria response and collects it as it streams: {@link #headers} completes with the
 * (non-informational or first) response headers, {@link #done} with the whole body text at the end of the
 * stream, or exceptionally when the stream is reset or fails.
 */
public final class StreamedResponse implements Subscriber<HttpObject> {
    public final CompletableFuture<ResponseHeaders> headers = new CompletableFuture<>();
    public final CompletableFuture<String> done = new CompletableFuture<>();
    private final StringBuffer text = new StringBuffer();

    /** The body text read so far. */
    public String text() {
        return text.toString();
    }

    @Override
    public void onSubscribe(Subscription s) {
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(HttpObject object) {
        if (object instanceof HttpData data) {
            text.append(data.toStringUtf8());
        } else if (object instanceof ResponseHeaders h) {
            headers.complete(h);
        }
    }

    @Override
    public void onError(Throwable t) {
        headers.completeExceptionally(t);
        done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        done.complete(text.toString());
    }
}
