package io.weft.sidecar.relay;

import java.net.InetSocketAddress;

import com.linecorp.armeria.common.util.EventLoopGroups;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2Settings;
import io.weft.sidecar.config.Limits;

/** What the inbound and outbound fronts set up alike. */
final class Fronts {

    /** A front's listening socket on the group's transport; accepted connections get {@code connection}. */
    static ServerBootstrap server(EventLoopGroup group, ChannelInitializer<Channel> connection) {
        return new ServerBootstrap().group(group)
                                    .channel(EventLoopGroups.serverChannelType(group))
                                    .childOption(ChannelOption.TCP_NODELAY, true)
                                    .childHandler(connection);
    }

    /** Connections to the private Armeria listener behind a front, for what the front passes on whole. */
    static Bootstrap toArmeria(EventLoopGroup group, InetSocketAddress armeria) {
        return new Bootstrap().channel(EventLoopGroups.socketChannelType(group))
                              .option(ChannelOption.TCP_NODELAY, true)
                              .remoteAddress(armeria);
    }

    /** The HTTP/2 settings a front offers its callers: Armeria's windows, the listener's limits. */
    static Http2Settings settings(Limits limits) {
        return H2Windows.widen(Http2Settings.defaultSettings())
                        .maxConcurrentStreams(limits.maxConcurrentStreams())
                        .maxHeaderListSize(limits.maxHeaderBytes());
    }

    private Fronts() {}
}
