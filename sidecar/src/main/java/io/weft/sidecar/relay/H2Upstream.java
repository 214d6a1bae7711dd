package io.weft.sidecar.relay;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import com.linecorp.armeria.common.util.EventLoopGroups;

import io.weft.common.annotation.Nullable;

/**
 * HTTP/2 to one address — cleartext (prior knowledge) to the gRPC app or a private Armeria listener on
 * loopback, or mTLS to an upstream's inbound sidecar: one connection per event loop, opened on the loop's
 * first stream and again after it closes; every relayed stream is a new stream on it, so a request stays on
 * the thread that read it. With TLS, a connection is used once its handshake (and so the server's identity
 * check) succeeded; when the context changes (a new key pair), the next stream opens a new connection and
 * the old one closes gracefully, its streams finishing.
 */
final class H2Upstream {
    private final Bootstrap bootstrap;
    private final InetSocketAddress address;
    private final Duration connectTimeout;
    @Nullable
    private final Supplier<SslContext> tls;
    /** Per event loop: completes when the connection is active (and its handshake done) and its preface on its way. */
    private final ConcurrentHashMap<EventLoop, Promise<Connection>> connections =
            new ConcurrentHashMap<>();

    private record Connection(Channel channel, Http2StreamChannelBootstrap streams, @Nullable SslContext tls) {}

    /** Cleartext HTTP/2 with prior knowledge. */
    H2Upstream(EventLoopGroup group, InetSocketAddress address, Duration connectTimeout) {
        this(group, address, connectTimeout, null);
    }

    /** With {@code tls}, asked for the context of each new connection; {@code address} may be unresolved. */
    H2Upstream(EventLoopGroup group, InetSocketAddress address, Duration connectTimeout,
               @Nullable Supplier<SslContext> tls) {
        this.address = address;
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        bootstrap = new Bootstrap().channel(EventLoopGroups.socketChannelType(group))
                                   .option(ChannelOption.TCP_NODELAY, true)
                                   .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                           (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    }

    InetSocketAddress address() {
        return address;
    }

    /** How long a new connection may take to connect (the bootstrap's {@code CONNECT_TIMEOUT_MILLIS}). */
    Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * A new stream whose frames {@code handler} reads, on {@code loop}'s connection; fails if the connection
     * does. Called on {@code loop}.
     */
    Future<Http2StreamChannel> open(EventLoop loop, ChannelHandler handler) {
        final Promise<Http2StreamChannel> promise = loop.newPromise();
        Promise<Connection> ready = connections.get(loop);
        final SslContext context = tls == null ? null : tls.get();
        if (ready != null && ready.isSuccess() && ready.getNow().tls() != context) {
            connections.remove(loop, ready);
            ready.getNow().channel().close(); // GOAWAY: its streams finish, new ones go to the new connection
            ready = null;
        }
        if (ready == null) {
            ready = connect(loop, context);
        }
        if (ready.isSuccess()) {
            // handler(...) then open(...) at once: on the event loop, open runs before another handler is set
            ready.getNow().streams().handler(handler).open(promise);
        } else {
            ready.addListener((Future<Connection> f) -> {
                if (f.isSuccess()) {
                    f.getNow().streams().handler(handler).open(promise);
                } else {
                    promise.tryFailure(f.cause());
                }
            });
        }
        return promise;
    }

    private Promise<Connection> connect(EventLoop loop, @Nullable SslContext context) {
        final Promise<Connection> ready = loop.newPromise();
        connections.put(loop, ready);
        final ChannelFuture connecting = bootstrap.clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (context != null) {
                    ch.pipeline().addLast(context.newHandler(ch.alloc(), address.getHostString(), address.getPort()));
                }
                ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                                                            .initialSettings(H2Windows.widen(
                                                                    Http2Settings.defaultSettings().pushEnabled(false)))
                                                            // close() waits for the streams: Netty's frame codec
                                                            // defaults to 0 ms, which resets them all at once (a
                                                            // rotation broke every long stream, issue 15). Each
                                                            // relayed stream ends by its hop's deadline anyway.
                                                            .gracefulShutdownTimeoutMillis(-1)
                                                            .build(),
                                      new Http2MultiplexHandler(NoPush.INSTANCE),
                                      new ChannelInboundHandlerAdapter() {
                                          // The connect future completes before channelActive, when the codec
                                          // writes its preface: no stream may be opened before that.
                                          @Override
                                          public void channelActive(ChannelHandlerContext ctx) {
                                              H2Windows.widenConnection(ctx.channel());
                                              if (context == null) {
                                                  ready.trySuccess(new Connection(ctx.channel(),
                                                         new Http2StreamChannelBootstrap(ctx.channel()), null));
                                              }
                                              ctx.fireChannelActive();
                                          }

                                          // With TLS: usable once the server proved its identity.
                                          @Override
                                          public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                              if (evt instanceof SslHandshakeCompletionEvent done) {
                                                  if (done.isSuccess()) {
                                                      ready.trySuccess(new Connection(ctx.channel(),
                                                             new Http2StreamChannelBootstrap(ctx.channel()),
                                                             context));
                                                  } else {
                                                      ready.tryFailure(done.cause());
                                                  }
                                              }
                                              ctx.fireUserEventTriggered(evt);
                                          }

                                          @Override
                                          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                              ready.tryFailure(cause);
                                              ctx.close();
                                          }
                                      });
            }
        }).connect(address);
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                connections.remove(loop, ready);
            }
        });
        connecting.channel().closeFuture().addListener(f -> {
            ready.tryFailure(new IllegalStateException("connection to " + address + " closed"));
            connections.remove(loop, ready);
        });
        return ready;
    }

    /**
     * Closes every connection gracefully: a GOAWAY, no new stream, and the connection closes once its streams
     * are done (the event loops' shutdown ends any still open).
     */
    void close() {
        connections.values().forEach(ready -> {
            if (ready.isSuccess()) {
                ready.getNow().channel().close();
            }
        });
    }

    /** The upstream may not push (SETTINGS_ENABLE_PUSH 0); a stream it opens anyway is closed. */
    @ChannelHandler.Sharable
    private static final class NoPush extends ChannelInboundHandlerAdapter {
        static final NoPush INSTANCE = new NoPush();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }
}
