package io.weft.sidecar.relay;

import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.weft.common.annotation.Nullable;

/**
 * The rest of a request after a relay's whole answer to an HTTP caller that is still sending (a 413 for a
 * body too large): read and dropped until the request ends or one more cap has passed, then the stream
 * closes; the hop's deadline ends it too. Resetting at once instead — even with {@code RST_STREAM NO_ERROR} —
 * makes clients such as Armeria's drop the answer they already have.
 */
final class LingeringClose {
    private final Http2StreamChannel in;
    private final long cap;
    private long bytes;

    private LingeringClose(Http2StreamChannel in, long cap) {
        this.in = in;
        this.cap = cap;
    }

    /** Starts reading the rest of {@code in}'s request, dropping up to {@code cap} more bytes. */
    static LingeringClose start(Http2StreamChannel in, long cap) {
        in.config().setAutoRead(true);
        return new LingeringClose(in, cap);
    }

    /** Drops one message read from the caller; true once the stream closed (request ended, or past the cap). */
    boolean drop(Object msg) {
        final boolean end = msg instanceof Http2DataFrame data ? data.isEndStream()
                            : msg instanceof Http2HeadersFrame headers && headers.isEndStream();
        if (msg instanceof Http2DataFrame data) {
            bytes += data.content().readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (end || bytes > cap) {
            in.close();
            return true;
        }
        return false;
    }

    /**
     * A request frame read after the relay answered: dropped, and — while {@code lingering} — counted toward
     * the stream's close; returns what still lingers (null once closed, or when nothing did).
     */
    @Nullable
    static LingeringClose discard(@Nullable LingeringClose lingering, Object msg) {
        if (lingering == null) {
            ReferenceCountUtil.release(msg);
            return null;
        }
        return lingering.drop(msg) ? null : lingering;
    }

    /** Ends it now (the deadline passed). */
    void close() {
        in.close();
    }
}
