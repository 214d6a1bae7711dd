package io.weft.sidecar.balancing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.linecorp.armeria.common.ByteBufAccessMode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.stream.SubscriptionOption;

import io.netty.util.concurrent.EventExecutor;
import io.weft.common.annotation.Nullable;

/**
 * A request body read once and fed to one attempt at a time. Until the request commits (an attempt's
 * response is taken) it keeps the chunks it passed on — reference-counted, not copied — up to
 * {@code limit} bytes, so a retry can be fed the same body: what was kept, then the rest of the stream as
 * it arrives. Passing the limit releases what was kept: such a request is never retried. Committing
 * releases it too; from then on chunks only pass through.
 *
 * <p>Demand follows the attempt: the next chunk is requested when the attempt has consumed the last one,
 * so a slow upstream slows the caller down instead of filling a buffer. Between attempts (a retry's
 * backoff) nothing is requested. Every method and callback runs on {@code executor}.
 */
final class ReplayBuffer implements Subscriber<HttpObject> {

    private final HttpRequest source;
    private final long limit;
    private final EventExecutor executor;
    @Nullable
    private final GrpcFrameCounter frames;
    private final CompletableFuture<Void> complete = new CompletableFuture<>();
    private final List<HttpObject> kept = new ArrayList<>(2);

    @Nullable
    private Subscription subscription;
    @Nullable
    private HttpRequestWriter target;
    private long keptBytes;
    private boolean replayable = true;
    /** A chunk was asked for and has not arrived: never more than one is. */
    private boolean requested;
    /** The last chunk passed on has not been consumed by the attempt yet. */
    private boolean writing;
    private boolean ended;
    @Nullable
    private Throwable failed;

    ReplayBuffer(HttpRequest source, long limit, EventExecutor executor, @Nullable GrpcFrameCounter frames) {
        this.source = source;
        this.limit = limit;
        this.executor = executor;
        this.frames = frames;
    }

    /** Completes when the caller's body has ended, exceptionally if it failed. */
    CompletableFuture<Void> whenComplete() {
        return complete;
    }

    /** Starts reading the caller's body into the first attempt's request. */
    void start(HttpRequestWriter first) {
        target = first;
        source.subscribe(this, executor, SubscriptionOption.WITH_POOLED_OBJECTS); // kept, not copied
    }

    /** Whether a retry could still be fed the whole body. */
    boolean replayable() {
        return replayable && failed == null;
    }

    /** The attempt failed and will not be fed further; nothing is read until {@link #switchTo}. */
    void detach() {
        final HttpRequestWriter old = target;
        target = null;
        if (old != null) {
            old.abort();
        }
    }

    /** Feeds a retry: everything kept, then the rest of the body as it arrives. */
    void switchTo(HttpRequestWriter next) {
        assert replayable();
        target = next;
        for (HttpObject o : kept) {
            next.tryWrite(o instanceof HttpData data ? retainedDuplicate(data) : o);
        }
        if (ended) {
            next.close();
        } else {
            writing = false;
            requestNext();
        }
    }

    /** The request is committed to its current attempt: release what was kept, only pass on from now. */
    void commit() {
        replayable = false;
        release();
    }

    /** Gives up: stops reading the caller's body and releases everything. */
    void abort(Throwable cause) {
        replayable = false;
        release();
        if (!ended && subscription != null) {
            subscription.cancel();
        }
        final HttpRequestWriter t = target;
        target = null;
        if (t != null) {
            t.abort(cause);
        }
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        requestNext();
    }

    @Override
    public void onNext(HttpObject o) {
        requested = false;
        if (frames != null && o instanceof HttpData data) {
            frames.accept(data);
        }
        HttpObject toSend = o;
        if (replayable) {
            if (o instanceof HttpData data) {
                keptBytes += data.length();
                if (keptBytes > limit) {
                    commit(); // too large to keep: this request will not be retried
                } else {
                    kept.add(data);
                    toSend = retainedDuplicate(data);
                }
            } else {
                kept.add(o); // trailers
            }
        }
        final HttpRequestWriter t = target;
        if (t == null) { // between attempts: the retry gets it from what was kept
            if (!replayable) {
                release(o); // and no retry will be sent: the body is too large to replay
            }
            return;
        }
        if (!t.tryWrite(toSend)) { // the attempt's request is closed: it failed, or its answer came early
            release(toSend);
            if (!replayable) {
                abort(new IllegalStateException("the upstream request closed before the caller's body ended"));
            }
            return; // a retry resumes reading
        }
        writing = true;
        t.whenConsumed().handleAsync((unused, cause) -> {
            writing = false;
            requestNext();
            return null;
        }, executor);
    }

    @Override
    public void onError(Throwable cause) {
        failed = cause;
        complete.completeExceptionally(cause);
        final HttpRequestWriter t = target;
        if (t != null) {
            t.abort(cause);
        }
    }

    @Override
    public void onComplete() {
        ended = true;
        complete.complete(null);
        final HttpRequestWriter t = target;
        if (t != null) {
            t.close();
        }
    }

    /** Asks for the next chunk when an attempt is there to take it and has taken the last one. */
    private void requestNext() {
        if (!requested && !writing && target != null && !ended && failed == null && subscription != null) {
            requested = true;
            subscription.request(1);
        }
    }

    private void release() {
        for (HttpObject o : kept) {
            release(o);
        }
        kept.clear();
    }

    private static void release(HttpObject o) {
        if (o instanceof HttpData data) {
            data.close();
        }
    }

    private static HttpData retainedDuplicate(HttpData data) {
        return HttpData.wrap(data.byteBuf(ByteBufAccessMode.RETAINED_DUPLICATE))
                       .withEndOfStream(data.isEndOfStream());
    }
}
