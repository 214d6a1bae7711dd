package io.weft.bench.relay;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.client.ClientFactoryOptions;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.ClientAuth;
import io.weft.common.netty.BossGroups;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The Armeria floor: one hop of a two-hop relay made of an Armeria {@link Server} whose only service hands
 * the request to an undecorated {@link WebClient} ({@code client.execute(req)}), request and response
 * streamed through. Server and client share one event-loop thread, as the sidecar's listeners and upstreams
 * do ({@code --event-loops 1}); TLS is Armeria's default engine (BoringSSL); no timeouts, no length limits,
 * no added response headers.
 */
@Command(name = "armeria", sortOptions = false, header = "a featureless Armeria server + WebClient relay")
public final class ArmeriaRelay implements Callable<Integer> {

    @Mixin
    private RelayOptions options = new RelayOptions();

    @Override
    public Integer call() {
        return start(options).serve("armeria relay (" + options.describe() + ')');
    }

    static RunningRelay start(RelayOptions options) {
        final InetSocketAddress listen = options.listenAddress();
        final InetSocketAddress to = options.toAddress();
        final EventLoopGroup loop = EventLoopGroups.newEventLoopGroup(1, "relay-io", true);
        final WireStats stats = new WireStats();

        final ClientFactoryBuilder cfb =
                ClientFactory.builder()
                             .workerGroup(loop, false)
                             .option(ClientFactoryOptions.CHANNEL_PIPELINE_CUSTOMIZER,
                                     p -> p.addFirst(new WireCounter(stats, options.toTls)));
        if (options.toTls) {
            cfb.tls(options.cert(), options.key()).tlsCustomizer(b -> b.trustManager(options.ca()));
        }
        final ClientFactory factory = cfb.build();
        // The endpoint is named as the next hop's certificate is (SNI and the name checked), reached by address.
        final Endpoint next = Endpoint.of(options.toName(), to.getPort()).withIpAddr(to.getHostString());
        final WebClient client = WebClient.builder(options.toTls ? SessionProtocol.H2 : SessionProtocol.H2C, next)
                                          .factory(factory)
                                          .responseTimeout(Duration.ZERO)
                                          .writeTimeout(Duration.ZERO)
                                          .maxResponseLength(0)
                                          .build();

        final ServerBuilder sb = BossGroups.applyTo(Server.builder())
                                       .workerGroup(loop, false)
                                       .requestTimeout(Duration.ZERO)
                                       .maxRequestLength(0)
                                       .disableServerHeader()
                                       .disableDateHeader()
                                       .childChannelPipelineCustomizer(
                                               p -> p.addFirst(new WireCounter(stats, options.listenTls)));
        if (options.listenTls) {
            sb.https(listen)
              .tls(options.cert(), options.key())
              .tlsCustomizer(b -> b.clientAuth(ClientAuth.REQUIRE).trustManager(options.ca()));
        } else {
            sb.http(listen);
        }
        final Server server = sb.serviceUnder("/", (ctx, req) -> client.execute(req)).build();
        server.start().join();
        if (options.statsFile != null) {
            stats.writeEverySecond(loop.next(), options.statsFile);
        }
        return new RunningRelay(server.activeLocalPort(), server.whenClosed(), () -> {
            server.stop().join();
            factory.close();
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly(); // all on it is closed
        });
    }
}
