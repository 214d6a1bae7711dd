package io.weft.sidecar.transcoding;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.weft.common.annotation.Nullable;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;

import io.grpc.Status;

/**
 * Reads the app's gRPC response to a JSON call as it streams in, and hands each message to a
 * {@link Sink} (the unary or the streaming JSON answer). The next chunk is requested only when the
 * sink is ready for it, so a slow JSON caller slows the app down instead of filling a buffer.
 *
 * <p>All callbacks run on the request's event loop (subscribe with it); nothing here blocks.
 */
final class GrpcResponseReader implements Subscriber<HttpObject> {

    /** Where the messages go. Called on the event loop, in order. */
    interface Sink {
        /** Headers the app sent (response headers, then trailers) that the JSON caller may see. */
        void onHeaders(HttpHeaders keptHeaders);

        /** One response message, serialized. May throw {@link GrpcCallException}. */
        void onMessage(byte[] message);

        /** Completes when the sink can take more. */
        CompletableFuture<?> whenReady();

        /** The end: {@code error} is {@code null} for OK. */
        void onClose(@Nullable GrpcCallException error);
    }

    private final Sink sink;
    private final GrpcFrames.Deframer deframer;
    private final WebClient app;
    private final Consumer<GrpcCallException> onFailure;
    @Nullable
    private Subscription subscription;
    private boolean headersSeen;
    @Nullable
    private GrpcCallException status;
    private boolean done;

    /**
     * @param onFailure told about every non-OK end (to trigger a descriptor refresh when useful)
     */
    GrpcResponseReader(Sink sink, int maxMessageLength, WebClient app, Consumer<GrpcCallException> onFailure) {
        this.sink = sink;
        deframer = new GrpcFrames.Deframer(maxMessageLength);
        this.app = app;
        this.onFailure = onFailure;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(HttpObject object) {
        if (done) {
            return;
        }
        try {
            if (object instanceof HttpData data) {
                if (status == null) { // a body after a non-gRPC error status is ignored
                    for (byte[] message : deframer.add(data.array())) {
                        sink.onMessage(message);
                    }
                }
                sink.whenReady().handle((unused, cause) -> {
                    subscription.request(1);
                    return null;
                });
                return;
            }
            if (!headersSeen && object instanceof ResponseHeaders headers) {
                if (headers.status().isInformational()) {
                    subscription.request(1);
                    return;
                }
                headersSeen = true;
                status = GrpcStatuses.readStatus(headers); // "trailers-only": the status is in the headers
                if (status == null && !HttpStatus.OK.equals(headers.status())) {
                    status = new GrpcCallException(GrpcStatuses.fromHttpStatus(headers.status().code()),
                                                   "the app answered HTTP " + headers.status() +
                                                   " without a gRPC status");
                }
                sink.onHeaders(headers);
            } else if (object instanceof HttpHeaders trailers) {
                final GrpcCallException trailerStatus = GrpcStatuses.readStatus(trailers);
                if (trailerStatus != null) {
                    status = trailerStatus;
                }
                sink.onHeaders(trailers);
            }
            subscription.request(1);
        } catch (GrpcCallException e) {
            subscription.cancel();
            finish(e);
        }
    }

    @Override
    public void onError(Throwable cause) {
        if (!done) {
            finish(UpstreamFailures.toGrpc(cause, app));
        }
    }

    @Override
    public void onComplete() {
        if (done) {
            return;
        }
        if (status == null) {
            finish(new GrpcCallException(Status.Code.INTERNAL, "the app ended the response without a grpc-status"));
        } else if (status.code() == Status.Code.OK && deframer.hasPartialFrame()) {
            finish(new GrpcCallException(Status.Code.INTERNAL, "the app's response ended inside a message"));
        } else {
            finish(status.code() == Status.Code.OK ? null : status);
        }
    }

    private void finish(@Nullable GrpcCallException error) {
        done = true;
        if (error != null) {
            onFailure.accept(error);
        }
        sink.onClose(error);
    }
}
