package io.weft.bench.relay;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import com.linecorp.armeria.common.util.EventLoopGroups;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.Future;
import io.weft.common.annotation.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The Netty floor: one hop of a two-hop HTTP/2 relay on Netty's own codec ({@code Http2FrameCodec} +
 * {@code Http2MultiplexHandler}). Each inbound stream is paired with a new stream on the one connection to
 * the next hop ({@link NettyUpstream}) and its frames are passed on ({@link StreamRelay}); one event-loop
 * thread (epoll where available) carries every connection, as in the sidecar.
 */
@Command(name = "netty", sortOptions = false, header = "a featureless HTTP/2 stream relay on Netty's codec")
public final class NettyRelay implements Callable<Integer> {

    @Mixin
    private RelayOptions options = new RelayOptions();

    @Override
    public Integer call() throws Exception {
        return start(options).serve("netty relay (" + options.describe() + ')');
    }

    static RunningRelay start(RelayOptions options) throws SSLException, InterruptedException {
        final InetSocketAddress listen = options.listenAddress();
        final InetSocketAddress to = options.toAddress();
        final @Nullable SslContext serverTls = options.listenTls ? NettyTls.server(options) : null;
        final @Nullable SslContext clientTls = options.toTls ? NettyTls.client(options) : null;
        // Armeria's helper only to get the same event loop as the sidecar's (epoll where available, one thread):
        // nothing of Armeria runs per request here.
        final EventLoopGroup group = EventLoopGroups.newEventLoopGroup(1, "relay-io", true);
        final EventLoop loop = group.next();
        final WireStats stats = new WireStats();
        final FlushBatch flushes = new FlushBatch(loop);
        final NettyUpstream upstream = new NettyUpstream(
                new Bootstrap().group(loop).channel(EventLoopGroups.socketChannelType(group))
                               .option(ChannelOption.TCP_NODELAY, true),
                to, clientTls, options.toName(), stats);
        final AsciiString scheme = AsciiString.of(options.toTls ? "https" : "http");
        final Channel server = new ServerBootstrap()
                .group(loop)
                .channel(EventLoopGroups.serverChannelType(group))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new WireCounter(stats, serverTls != null));
                        if (serverTls != null) {
                            ch.pipeline().addLast(serverTls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                                              new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                                  @Override
                                                  protected void initChannel(Http2StreamChannel in) {
                                                      relay(in, upstream, loop, flushes, scheme);
                                                  }
                                              }));
                    }
                })
                .bind(listen).sync().channel();
        if (options.statsFile != null) {
            stats.writeEverySecond(loop, options.statsFile);
        }
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        server.closeFuture().addListener(f -> closed.complete(null));
        return new RunningRelay(((InetSocketAddress) server.localAddress()).getPort(), closed, () -> {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly(); // all on it is closed
        });
    }

    /**
     * Pairs the inbound stream {@code in} with a new stream to the next hop. {@code in} reads nothing until
     * then (its frames wait in the stream channel); if the next hop cannot be reached, it is reset.
     */
    private static void relay(Http2StreamChannel in, NettyUpstream upstream, EventLoop loop, FlushBatch flushes,
                              AsciiString scheme) {
        in.config().setAutoRead(false);
        final StreamRelay requests = new StreamRelay(flushes, scheme);
        final StreamRelay responses = new StreamRelay(flushes, null);
        in.pipeline().addLast(requests);
        upstream.open(loop, responses).addListener((Future<Http2StreamChannel> f) -> {
            if (!f.isSuccess()) {
                in.close();
                return;
            }
            final Http2StreamChannel out = f.getNow();
            if (!in.isActive()) {
                out.close();
                return;
            }
            requests.pair(out);
            responses.pair(in);
            in.config().setAutoRead(true);
        });
    }
}
