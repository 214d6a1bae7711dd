package io.weft.sidecar.relay;

import java.util.ArrayDeque;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.weft.certs.SpiffeId;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.inbound.IdentityHeaders;
import io.weft.sidecar.inbound.RelayedPeer;

/**
 * An HTTP/1.1 connection (ALPN chose {@code http/1.1}) passed on whole to the private Armeria listener, over
 * a plain connection of its own: requests and responses stream through as Netty's codecs read them, in
 * order (so pipelining holds), and each request's identity headers are replaced by the verified caller,
 * vouched for with {@link RelayedPeer} (or, {@link #bytes}, the bytes go on as they came). Armeria applies
 * the listener's policy and answers malformed or too large requests as it does on its own port. Runs on the
 * connection's event loop.
 */
final class Http1Pipe extends ChannelInboundHandlerAdapter {
    private static final AsciiString RELAYED_PEER = AsciiString.of(RelayedPeer.HEADER);

    private final Bootstrap armeria;
    /** Null for a connection passed on as bytes ({@link #bytes}). */
    @Nullable
    private final RelayedPeer relayed;
    @Nullable
    private final SpiffeId peer;
    private final ArrayDeque<Object> early = new ArrayDeque<>(2);
    @Nullable
    private Channel out;

    /** {@code armeria}: a bootstrap of the private listener's address, without its handler. */
    Http1Pipe(Bootstrap armeria, @Nullable RelayedPeer relayed, @Nullable SpiffeId peer) {
        this.armeria = armeria;
        this.relayed = relayed;
        this.peer = peer;
    }

    /**
     * A cleartext connection passed on to the private Armeria listener byte for byte, as it came: the outbound
     * front's HTTP/1.1 connections (and h2c upgrades), which Armeria reads exactly as on its own port.
     */
    static Http1Pipe bytes(Bootstrap armeria) {
        return new Http1Pipe(armeria, null, null);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        final Channel front = ctx.channel();
        front.config().setAutoRead(false); // until the private connection is up
        final ChannelFuture connecting = armeria.clone(front.eventLoop()).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (relayed != null) {
                    ch.pipeline().addLast(new HttpClientCodec());
                }
                ch.pipeline().addLast(new Back(front));
            }
        }).connect();
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess() || !front.isActive()) {
                f.channel().close();
                front.close();
                return;
            }
            out = f.channel();
            for (Object msg; (msg = early.poll()) != null; ) {
                pass(msg, f.channel(), front);
            }
            front.config().setAutoRead(f.channel().isWritable());
        });
        front.read(); // the first request, which waits in `early` if it comes before the connection
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
            // Beyond twice Armeria's limits, or not HTTP: nothing Armeria could read either.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpRequest request && relayed != null) {
            final HttpHeaders headers = request.headers();
            IdentityHeaders.removeCallers(headers::iteratorCharSequence, headers::remove);
            if (peer != null) {
                headers.set(RELAYED_PEER, relayed.encode(peer));
            }
        }
        final Channel to = out;
        if (to == null) {
            early.add(msg);
        } else {
            pass(msg, to, ctx.channel());
        }
    }

    private static void pass(Object msg, Channel to, Channel from) {
        to.write(msg, to.voidPromise());
        FlushBatch.add(to);
        if (!to.isWritable()) {
            from.config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        final Channel to = out;
        if (to != null) {
            to.config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Object msg; (msg = early.poll()) != null; ) {
            ReferenceCountUtil.release(msg);
        }
        final Channel to = out;
        if (to != null) {
            to.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** The private connection's side: responses go back to the caller as they come. */
    private static final class Back extends ChannelInboundHandlerAdapter {
        private final Channel front;

        Back(Channel front) {
            this.front = front;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            pass(msg, front, ctx.channel());
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            front.config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            front.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
