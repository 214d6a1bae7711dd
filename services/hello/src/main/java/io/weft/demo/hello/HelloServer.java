package io.weft.demo.hello;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.healthcheck.HealthCheckService;

import io.weft.common.netty.BossGroups;
import io.weft.demo.hello.routes.HelloRoutes;
import io.weft.demo.hello.upstream.SumClient;
import io.weft.demo.sum.launch.InstanceHeader;
import io.weft.demo.sum.launch.Launcher;
import io.weft.demo.sum.launch.ServerOptions;

/** Assembles the {@code hello} server from a {@link HelloConfig}; see the package note for its routes. */
public final class HelloServer {

    /** A server ready to {@link Server#start()}. */
    public static Server build(HelloConfig config) {
        final ServerBuilder sb = Server.builder();
        configure(sb, config);
        return sb.build();
    }

    /** Adds the port, routes and decorators of {@code config} to {@code sb}. */
    public static void configure(ServerBuilder sb, HelloConfig config) {
        BossGroups.applyTo(sb);
        sb.http(ServerOptions.listenAddress(config.bindAddress(), config.port()));
        final SumClient sum = SumClient.of(config.upstream(), config.upstreamAuthority(),
                                           config.upstreamTimeout());
        sb.annotatedService(new HelloRoutes(config.instanceId(), sum));
        // {"healthy":true}; 503 as soon as the server begins to stop, so a load balancer drains it.
        sb.service("/healthz", HealthCheckService.of());
        sb.decorator(InstanceHeader.decorator(config.instanceId()));
        sb.gracefulShutdown(Launcher.gracefulShutdown(config.shutdownGrace()));
    }

    private HelloServer() {}
}
