package io.weft.sidecar.relay;

import java.net.InetSocketAddress;


import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.weft.certs.SpiffeId;
import io.weft.common.annotation.Nullable;
import io.weft.sidecar.config.Limits;
import io.weft.sidecar.inbound.PeerIdentityService;
import io.weft.sidecar.tls.InboundHandshakeFailures;
import io.weft.sidecar.tls.InboundTls;

/**
 * The inbound listener's front on Netty: owns the port, terminates mesh mTLS ({@link InboundTls}: client
 * certificate required, verified against the trust bundle, this sidecar's current key pair per new
 * connection), reads the caller's SPIFFE ID once per connection, and hands each connection by ALPN to
 * HTTP/2 — every stream a {@link RelayedStream} — or to an {@link Http1Pipe}. Handshake failures are
 * counted as on the Armeria listener ({@link InboundHandshakeFailures}). Runs on the sidecar's event loops.
 */
public final class InboundFront implements AutoCloseable {
    private final Channel server;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    @Nullable
    private final H2Upstream app;
    private final H2Upstream armeria;

    private InboundFront(InetSocketAddress bind, EventLoopGroup group, InboundTls tls, InboundPolicy policy,
                         Limits limits, String trustDomain, InboundHandshakeFailures handshakeFailures) {
        app = policy.grpcApp() == null ? null
                                       : new H2Upstream(group, policy.grpcApp(), limits.connectTimeout());
        armeria = new H2Upstream(group, policy.armeria(), limits.connectTimeout());
        final Bootstrap armeriaH1 = Fronts.toArmeria(group, policy.armeria());
        final Http2Settings settings = Fronts.settings(limits);
        server = Fronts.server(group, new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        final SslContext context = tls.forNewConnection();
                        if (context == null) { // the front starts only once there is a certificate
                            ch.close();
                            return;
                        }
                        connections.add(ch);
                        final SslHandler ssl = context.newHandler(ch.alloc());
                        ch.pipeline().addLast(ssl, handshakeFailures, new ApplicationProtocolNegotiationHandler(
                                ApplicationProtocolNames.HTTP_1_1) {
                            @Override
                            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                final SpiffeId peer = PeerIdentityService.peerOf(ssl.engine().getSession(),
                                                                                 trustDomain);
                                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                                    ctx.pipeline().addLast(
                                            Http2FrameCodecBuilder.forServer().initialSettings(settings)
                                                                  .gracefulShutdownTimeoutMillis(0) // Drain waited
                                                                  .build(),
                                            new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                                @Override
                                                protected void initChannel(Http2StreamChannel stream) {
                                                    stream.pipeline().addLast(
                                                            new RelayedStream(policy, app, armeria, peer, stream));
                                                }
                                            }));
                                } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
                                    ctx.pipeline().addLast(new HttpServerCodec(4096, 2 * limits.maxHeaderBytes(),
                                                                               8192),
                                                           new Http1Pipe(armeriaH1, policy.relayed(), peer));
                                } else {
                                    ctx.close();
                                    return;
                                }
                                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                                    H2Windows.widenConnection(ctx.channel());
                                }
                                // The HTTP/2 codec wrote its SETTINGS when added; a caller waits for them.
                                ctx.flush();
                            }

                            @Override
                            protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // counted by handshakeFailures; a refused peer is no server error
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                })
                .bind(bind).syncUninterruptibly().channel();
    }

    /**
     * Binds {@code bind} and serves. {@code handshakeFailures} is the same counter the Armeria listener
     * installs.
     */
    public static InboundFront start(InetSocketAddress bind, EventLoopGroup group, InboundTls tls,
                                     InboundPolicy policy, Limits limits, String trustDomain,
                                     InboundHandshakeFailures handshakeFailures) {
        return new InboundFront(bind, group, tls, policy, limits, trustDomain, handshakeFailures);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops accepting, closes every connection (after the sidecar drained) and those to the upstreams. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        if (app != null) {
            app.close();
        }
        armeria.close();
    }
}
