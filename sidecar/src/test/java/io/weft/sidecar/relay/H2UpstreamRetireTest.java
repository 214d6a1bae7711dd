package io.weft.sidecar.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.util.EventLoopGroups;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import io.weft.certs.CaOptions;
import io.weft.certs.CertificateAuthority;
import io.weft.certs.CertificateSigningRequests;
import io.weft.certs.IssuedCertificate;
import io.weft.certs.KeyPairs;
import io.weft.certs.SpiffeId;

/**
 * A connection the relay retires because its TLS context changed (a certificate rotation) closes gracefully: the
 * streams on it carry on to their end, and only then does it close (issue 15: Netty's frame codec closed at
 * once, resetting every long-lived stream at each rotation).
 */
class H2UpstreamRetireTest {
    private static final ApplicationProtocolConfig H2 = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN, ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2);

    private final EventLoopGroup group = EventLoopGroups.newEventLoopGroup(1);

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aStreamOnARetiredConnectionFinishesAndTheConnectionClosesAfterIt() throws Exception {
        final Channel server = echoServer();
        final AtomicReference<SslContext> tls = new AtomicReference<>(client());
        final H2Upstream upstream = new H2Upstream(group, (InetSocketAddress) server.localAddress(),
                                                   Duration.ofSeconds(5), tls::get);
        try {
            final EventLoop loop = group.next();
            final Frames longLived = new Frames();
            final Http2StreamChannel a = open(upstream, loop, longLived);
            a.write(new DefaultHttp2HeadersFrame(request(), false));
            a.writeAndFlush(data("one", false));
            assertThat(longLived.next()).isEqualTo("headers");
            assertThat(longLived.next()).isEqualTo("one");

            tls.set(client()); // a new key pair: the next stream opens a new connection, the old one is retired
            final Frames other = new Frames();
            final Http2StreamChannel b = open(upstream, loop, other);
            b.writeAndFlush(new DefaultHttp2HeadersFrame(request(), true));
            assertThat(other.next()).isEqualTo("headers end");
            assertThat(b.parent()).isNotSameAs(a.parent());

            a.writeAndFlush(data("two", true));
            assertThat(longLived.next()).as("the stream on the retired connection").isEqualTo("two end");
            assertThat(longLived.reset).as("reset").isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> !a.parent().isActive()); // done: now it closes
            assertThat(b.parent().isActive()).isTrue();
        } finally {
            upstream.close();
            server.close().sync();
        }
    }

    private static Http2StreamChannel open(H2Upstream upstream, EventLoop loop, ChannelHandler handler)
            throws Exception {
        return loop.submit(() -> upstream.open(loop, handler)).get().get(5, TimeUnit.SECONDS);
    }

    private static DefaultHttp2Headers request() {
        final DefaultHttp2Headers headers = new DefaultHttp2Headers();
        headers.method("POST").path("/echo").scheme("https").authority("echo");
        return headers;
    }

    private static DefaultHttp2DataFrame data(String text, boolean end) {
        return new DefaultHttp2DataFrame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), end);
    }

    private static SslContext client() throws Exception {
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                                .applicationProtocolConfig(H2).build();
    }

    /** TLS + HTTP/2 on port 0: answers each stream's HEADERS with a 200 and sends every DATA frame back. */
    private Channel echoServer() throws Exception {
        final CertificateAuthority ca = CertificateAuthority.generate(CaOptions.of("weft.local"));
        final KeyPair keyPair = KeyPairs.generateEc();
        final IssuedCertificate cert = ca.issue(
                CertificateSigningRequests.create(keyPair, SpiffeId.of(ca.trustDomain(), ca.datacenter(), "echo")),
                "echo", Duration.ofMinutes(10));
        final SslContext tls = SslContextBuilder.forServer(keyPair.getPrivate(),
                                                           cert.chain().toArray(X509Certificate[]::new))
                                                .sslProvider(SslProvider.JDK).applicationProtocolConfig(H2).build();
        return new ServerBootstrap().group(group).channel(EventLoopGroups.serverChannelType(group))
                                    .childHandler(new ChannelInitializer<Channel>() {
                                        @Override
                                        protected void initChannel(Channel ch) {
                                            ch.pipeline().addLast(tls.newHandler(ch.alloc()),
                                                                  Http2FrameCodecBuilder.forServer().build(),
                                                                  new Http2MultiplexHandler(new Echo()));
                                        }
                                    })
                                    .bind("127.0.0.1", 0).sync().channel();
    }

    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2HeadersFrame headers) {
                final DefaultHttp2Headers ok = new DefaultHttp2Headers();
                ok.status("200");
                ctx.writeAndFlush(new DefaultHttp2HeadersFrame(ok, headers.isEndStream()));
            } else if (msg instanceof Http2DataFrame data) {
                ctx.writeAndFlush(new DefaultHttp2DataFrame(data.content().retain(), data.isEndStream()));
            }
            ReferenceCountUtil.release(msg);
        }
    }

    /** What a client stream received, one line per frame ("headers", or the DATA text; " end" at its end). */
    private static final class Frames extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        volatile boolean reset;

        String next() throws InterruptedException {
            return frames.poll(5, TimeUnit.SECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2HeadersFrame headers) {
                frames.add(headers.isEndStream() ? "headers end" : "headers");
            } else if (msg instanceof Http2DataFrame data) {
                frames.add(data.content().toString(StandardCharsets.UTF_8) + (data.isEndStream() ? " end" : ""));
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame) {
                reset = true;
            }
            ReferenceCountUtil.release(evt);
        }
    }
}
