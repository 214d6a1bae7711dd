package io.weft.bench.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.weft.common.annotation.Nullable;

/**
 * One direction of a relayed stream, on the stream channel it reads from: HEADERS, DATA and trailers go to
 * the paired stream channel as they arrive, DATA with its buffer passed on (the new frame owns it; nothing is
 * copied). Nothing is flushed here ({@link FlushBatch} does it once per event-loop iteration). While the
 * paired stream cannot take more (its HTTP/2 window or the connection's write buffer is full), this side
 * stops reading, so neither side buffers without bound; closing one side closes the other, which resets it
 * if it had not ended.
 */
final class StreamRelay extends ChannelInboundHandlerAdapter {
    private final FlushBatch flushes;
    /** On the request side, the {@code :scheme} the next hop is reached with; null on the response side. */
    private final @Nullable AsciiString scheme;
    private @Nullable Http2StreamChannel peer;
    private boolean headersSeen;

    StreamRelay(FlushBatch flushes, @Nullable AsciiString scheme) {
        this.flushes = flushes;
        this.scheme = scheme;
    }

    /** Frames read from now on go to {@code peer}; called before the first frame is read. */
    void pair(Http2StreamChannel peer) {
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        final Http2StreamChannel to = peer;
        if (to == null) { // a frame before pairing cannot happen: reading starts after it
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof Http2HeadersFrame headers) {
            if (scheme != null && !headersSeen) {
                headers.headers().scheme(scheme);
            }
            headersSeen = true;
            forward(ctx, to, new DefaultHttp2HeadersFrame(headers.headers(), headers.isEndStream()));
        } else if (msg instanceof Http2DataFrame data) {
            forward(ctx, to, new DefaultHttp2DataFrame(data.content(), data.isEndStream()));
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void forward(ChannelHandlerContext ctx, Http2StreamChannel to, Http2StreamFrame frame) {
        to.write(frame, to.voidPromise());
        flushes.add(to.parent());
        if (!to.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** This stream can take more again (or no more): the peer, which writes to it, reads (or stops). */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        final Http2StreamChannel from = peer;
        if (from != null) {
            from.config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        final Http2StreamChannel other = peer;
        if (other != null) {
            other.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
