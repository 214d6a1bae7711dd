package io.weft.sidecar.relay;

import java.net.InetSocketAddress;
import java.util.List;


import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.weft.sidecar.config.Limits;
import io.weft.sidecar.discovery.MeshState;
import io.weft.sidecar.tls.UpstreamTlsSpecs;

/**
 * The outbound listener's front on Netty: owns the port (cleartext, the app's side), and tells a connection
 * by its first bytes. HTTP/2 with prior knowledge — what gRPC clients send — gets the HTTP/2 codec, every
 * stream an {@link OutboundStream} (gRPC to an upstream on its default chain relayed to the upstream's
 * inbound sidecars over pooled mTLS, the rest passed to the private Armeria listener); anything else
 * (HTTP/1.1, an h2c upgrade) is passed on whole, byte for byte, to the private Armeria outbound listener
 * ({@link Http1Pipe#bytes}), which accepts exactly what it accepted on the port. Runs on the sidecar's event
 * loops.
 */
public final class OutboundFront implements AutoCloseable {
    private final Channel server;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final H2Upstream armeria;
    private final UpstreamPool pool;

    private OutboundFront(InetSocketAddress bind, EventLoopGroup group, OutboundPolicy policy, Limits limits,
                          UpstreamTlsSpecs tls) {
        armeria = new H2Upstream(group, policy.armeria(), limits.connectTimeout());
        pool = new UpstreamPool(group, limits.connectTimeout(), tls);
        final Bootstrap armeriaBytes = Fronts.toArmeria(group, policy.armeria());
        final Http2Settings settings = Fronts.settings(limits);
        server = Fronts.server(group, new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new PrefaceSniffer(() -> {
                            ch.pipeline().addLast(
                                    Http2FrameCodecBuilder.forServer().initialSettings(settings)
                                                          .gracefulShutdownTimeoutMillis(0) // Drain waited
                                                          // the app's own cancellations, not a flood: see
                                                          // Sidecar's outbound listener
                                                          .decoderEnforceMaxRstFramesPerWindow(0, 0)
                                                          .build(),
                                    new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                        @Override
                                        protected void initChannel(Http2StreamChannel stream) {
                                            stream.pipeline().addLast(
                                                    new OutboundStream(policy, pool, armeria, stream));
                                        }
                                    }));
                            H2Windows.widenConnection(ch);
                            ch.flush(); // the codec's SETTINGS
                        }, () -> ch.pipeline().addLast(Http1Pipe.bytes(armeriaBytes))));
                    }
                })
                .bind(bind).syncUninterruptibly().channel();
    }

    /** Binds {@code bind} and serves. */
    public static OutboundFront start(InetSocketAddress bind, EventLoopGroup group, OutboundPolicy policy,
                                      Limits limits, UpstreamTlsSpecs tls) {
        return new OutboundFront(bind, group, policy, limits, tls);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Closes the connections to endpoints that left their service; see {@link UpstreamPool#retain}. */
    public void onMeshState(MeshState state) {
        pool.retain(state);
    }

    /** Stops accepting, closes every connection (after the sidecar drained) and those to upstreams. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        armeria.close();
        pool.close();
    }

    /**
     * Reads a connection's first bytes, up to the HTTP/2 preface's length: the preface means HTTP/2 with prior
     * knowledge, any other byte something else. Then it installs that protocol's handlers after itself and
     * leaves, passing on what it read.
     */
    private static final class PrefaceSniffer extends ByteToMessageDecoder {
        private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

        private final Runnable http2;
        private final Runnable other;

        PrefaceSniffer(Runnable http2, Runnable other) {
            this.http2 = http2;
            this.other = other;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            final int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
            final boolean matches = ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, n);
            if (matches && n < PREFACE.readableBytes()) {
                return; // too early to tell
            }
            (matches ? http2 : other).run();
            ctx.pipeline().remove(this); // hands what was read to the handlers just added
        }
    }
}
