package io.weft.bench.relay;

import java.net.InetSocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.weft.common.annotation.Nullable;

/**
 * The Netty relay's one HTTP/2 connection to the next hop, opened on the first stream and again after it
 * closes; every relayed stream is a new stream on it (Armeria's client also multiplexes one connection per
 * endpoint and event loop). Used only on the relay's event loop.
 */
final class NettyUpstream {
    private final Bootstrap bootstrap;
    private final InetSocketAddress address;
    private final @Nullable SslContext tls;
    private final String peerName;
    private final WireStats stats;
    /** Completes when the connection is active and the HTTP/2 preface is on its way; null when closed. */
    private @Nullable Promise<Http2StreamChannelBootstrap> ready;

    NettyUpstream(Bootstrap bootstrap, InetSocketAddress address, @Nullable SslContext tls, String peerName,
                  WireStats stats) {
        this.bootstrap = bootstrap;
        this.address = address;
        this.tls = tls;
        this.peerName = peerName;
        this.stats = stats;
    }

    /** A new stream to the next hop whose frames {@code handler} reads; fails if the connection does. */
    Future<Http2StreamChannel> open(EventLoop loop, ChannelHandler handler) {
        final Promise<Http2StreamChannel> promise = loop.newPromise();
        final Promise<Http2StreamChannelBootstrap> r = ready != null ? ready : connect(loop);
        if (r.isSuccess()) {
            // handler(...) then open(...) at once: on the event loop, open runs before another handler is set
            r.getNow().handler(handler).open(promise);
        } else {
            r.addListener((Future<Http2StreamChannelBootstrap> f) -> {
                if (f.isSuccess()) {
                    f.getNow().handler(handler).open(promise);
                } else {
                    promise.tryFailure(f.cause());
                }
            });
        }
        return promise;
    }

    private Promise<Http2StreamChannelBootstrap> connect(EventLoop loop) {
        final Promise<Http2StreamChannelBootstrap> r = loop.newPromise();
        ready = r;
        final ChannelFuture connecting = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new WireCounter(stats, tls != null));
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), peerName, address.getPort()));
                }
                ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                                                            .initialSettings(Http2Settings.defaultSettings()
                                                                                          .pushEnabled(false))
                                                            .build(),
                                      new Http2MultiplexHandler(NoPush.INSTANCE),
                                      new ChannelInboundHandlerAdapter() {
                                          // The connect future completes before channelActive, when the codec
                                          // writes its preface: no stream may be opened before that.
                                          @Override
                                          public void channelActive(ChannelHandlerContext ctx) {
                                              r.trySuccess(new Http2StreamChannelBootstrap(ctx.channel()));
                                              ctx.fireChannelActive();
                                          }
                                      });
            }
        }).connect(address);
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                r.tryFailure(f.cause());
            }
        });
        connecting.channel().closeFuture().addListener(f -> {
            r.tryFailure(new IllegalStateException("connection to " + address + " closed"));
            if (ready == r) {
                ready = null;
            }
        });
        return r;
    }

    /** The next hop may not push (SETTINGS_ENABLE_PUSH 0); a stream it opens anyway is closed. */
    @ChannelHandler.Sharable
    private static final class NoPush extends ChannelInboundHandlerAdapter {
        static final NoPush INSTANCE = new NoPush();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }
}
