package io.weft.sidecar.testing;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClientBuilder;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.HttpHeaderNames;

import io.weft.demo.sum.v1.SumServiceGrpc;

/** Clients an app would use to call through its sidecar's outbound (or a gateway's edge) listener. */
public final class MeshClients {

    /** A blocking {@code sum} stub calling {@code authority} through the listener on {@code port}. */
    public static SumServiceGrpc.SumServiceBlockingStub sumBlocking(ClientFactory factory, int port, String authority) {
        return grpc(factory, port, authority).build(SumServiceGrpc.SumServiceBlockingStub.class);
    }

    /** An async {@code sum} stub, for the streaming methods. */
    public static SumServiceGrpc.SumServiceStub sumAsync(ClientFactory factory, int port, String authority) {
        return grpc(factory, port, authority).build(SumServiceGrpc.SumServiceStub.class);
    }

    /** gRPC through the listener on {@code port}, with {@code :authority} naming the destination. */
    private static GrpcClientBuilder grpc(ClientFactory factory, int port, String authority) {
        return GrpcClients.builder("http://127.0.0.1:" + port)
                          .factory(factory)
                          .decorator((delegate, ctx, req) -> {
                              ctx.setAdditionalRequestHeader(HttpHeaderNames.AUTHORITY, authority);
                              return delegate.execute(ctx, req);
                          });
    }

    /** A plain HTTP client for the listener on {@code port}. */
    public static WebClient http(ClientFactory factory, int port) {
        return WebClient.builder("http://127.0.0.1:" + port).factory(factory).build();
    }

    private MeshClients() {}
}
