package io.weft.sidecar.transcoding;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Base64;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;

import com.linecorp.armeria.common.grpc.protocol.GrpcHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;

import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.weft.common.netty.BossGroups;
import io.weft.demo.sum.SumConfig;
import io.weft.demo.sum.SumServer;
import io.weft.demo.sum.service.SumServiceImpl;

/**
 * The {@code sum} demo app on loopback, for transcoding tests: the real server (reflection v1 and
 * v1alpha, health, {@code x-weft-instance}) or a reduced one (only SumService and one reflection
 * version) whose descriptor set differs from the real one's.
 */
final class SumApp implements AutoCloseable {

    /**
     * Sent by a test to make the reduced app end its response with an error after the messages:
     * INTERNAL "boom!", or with the value {@code details}, INVALID_ARGUMENT "bad" with a
     * {@code google.rpc.BadRequest} in {@code grpc-status-details-bin}.
     */
    static final String FAIL_AT_END = "x-test-fail-at-end";

    /** Set by the reduced app on every response: what it saw of the request's headers. */
    static final String SEEN_BY_APP = "x-seen-by-app";

    private final Server server;

    private SumApp(Server server) {
        this.server = server;
        server.start().join();
    }

    /** The real sum server on {@code port} (0: any). */
    static SumApp real(int port) {
        // A short grace: the transcoder's periodic reflection would keep a longer quiet period from ending.
        return new SumApp(SumServer.build(new SumConfig(SumConfig.DEFAULT_BIND_ADDRESS, port, "sum-test",
                                                        Duration.ofMillis(100))));
    }

    /** Only SumService plus one reflection version; no health service. */
    static SumApp reduced(int port, boolean v1alphaOnly) {
        return reduced(port, v1alphaOnly, new SumServiceImpl());
    }

    /** Like {@link #reduced(int, boolean)} with another implementation of SumService. */
    @SuppressWarnings("deprecation") // v1alpha reflection, on purpose: the transcoder must fall back to it
    static SumApp reduced(int port, boolean v1alphaOnly, BindableService sumService) {
        final ServerBuilder sb = BossGroups.applyTo(Server.builder()).http(port);
        sb.service(GrpcService.builder()
                              .addService(sumService)
                              .addService(v1alphaOnly ? ProtoReflectionService.newInstance()
                                                      : ProtoReflectionServiceV1.newInstance())
                              .build());
        sb.decorator((delegate, ctx, req) -> {
            final HttpResponse res = delegate.serve(ctx, req);
            final String fail = req.headers().get(FAIL_AT_END);
            return fail == null ? res : res.mapTrailers(trailers -> failure(trailers, "details".equals(fail)));
        });
        // Tells the test which metadata reached the app:
        // x-seen-by-app: <authorization>|<content-type>|<x-weft-peer-identity>
        sb.decorator((delegate, ctx, req) -> delegate.serve(ctx, req).mapHeaders(
                headers -> headers.toBuilder().set(SEEN_BY_APP, req.headers().get("authorization", "-") + '|' +
                                                                 req.headers().get("content-type", "-") + '|' +
                                                                 req.headers().get("x-weft-peer-identity", "-"))
                                  .build()));
        return new SumApp(sb.build());
    }

    private static HttpHeaders failure(HttpHeaders trailers, boolean withDetails) {
        if (!withDetails) {
            return trailers.toBuilder().set(GrpcHeaderNames.GRPC_STATUS, "13").set(GrpcHeaderNames.GRPC_MESSAGE, "boom%21")
                           .build();
        }
        final com.google.rpc.Status status = com.google.rpc.Status.newBuilder().setCode(3).setMessage("bad").addDetails(
                Any.pack(BadRequest.newBuilder().addFieldViolations(
                        BadRequest.FieldViolation.newBuilder().setField("a").setDescription("too big")).build()))
                                                                   .build();
        return trailers.toBuilder().set(GrpcHeaderNames.GRPC_STATUS, "3").set(GrpcHeaderNames.GRPC_MESSAGE, "bad")
                       .set(GrpcHeaderNames.GRPC_STATUS_DETAILS_BIN,
                            Base64.getEncoder().withoutPadding().encodeToString(status.toByteArray()))
                       .build();
    }

    /** A port that was free a moment ago, for an app that starts later. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.activeLocalPort();
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
