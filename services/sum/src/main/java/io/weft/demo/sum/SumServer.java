package io.weft.demo.sum;

import java.time.Duration;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcHealthCheckService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.healthcheck.SettableHealthChecker;

import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.weft.common.netty.BossGroups;
import io.weft.demo.sum.launch.InstanceHeader;
import io.weft.demo.sum.launch.Launcher;
import io.weft.demo.sum.launch.ServerOptions;
import io.weft.demo.sum.service.SumServiceImpl;
import io.weft.demo.sum.v1.SumServiceGrpc;

/** Assembles the {@code sum} server from a {@link SumConfig}; see the package note for what it serves. */
public final class SumServer {

    /** A server ready to {@link Server#start()}. */
    public static Server build(SumConfig config) {
        final ServerBuilder sb = Server.builder();
        configure(sb, config);
        return sb.build();
    }

    /** Adds the port, services and decorators of {@code config} to {@code sb}. */
    @SuppressWarnings("deprecation") // ProtoReflectionService (v1alpha), served on purpose; see below
    public static void configure(ServerBuilder sb, SumConfig config) {
        BossGroups.applyTo(sb);
        sb.http(ServerOptions.listenAddress(config.bindAddress(), config.port()));

        // Reflection v1 is the one Armeria wires specially (it lets the reflection service see the whole
        // server). Only one reflection service may be added per GrpcService, so v1alpha - still used by
        // older grpcurl and other tools - lives in a second GrpcService; Armeria gives it the same view.
        sb.service(GrpcService.builder()
                              .addService(new SumServiceImpl())
                              .addService(ProtoReflectionServiceV1.newInstance())
                              .addService(healthService())
                              .build());
        sb.service(GrpcService.builder()
                              .addService(ProtoReflectionService.newInstance())
                              .build());

        sb.decorator(InstanceHeader.decorator(config.instanceId()));
        // Streams (RunningSum, Range) may be long-lived; gRPC clients bound them with their deadline.
        sb.requestTimeout(Duration.ZERO);
        sb.gracefulShutdown(Launcher.gracefulShutdown(config.shutdownGrace()));
    }

    /**
     * {@code grpc.health.v1.Health}, answering for the whole server ({@code ""}) and for
     * {@code weft.demo.sum.v1.SumService}. Armeria's service reports SERVING once the server has started and
     * NOT_SERVING as soon as it begins to stop, for both names.
     */
    private static GrpcHealthCheckService healthService() {
        return GrpcHealthCheckService.builder()
                                     .serviceCheckers(SumServiceGrpc.SERVICE_NAME, new SettableHealthChecker(true))
                                     .build();
    }

    private SumServer() {}
}
