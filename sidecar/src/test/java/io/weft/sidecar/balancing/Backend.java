package io.weft.sidecar.balancing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;

/**
 * A real Armeria server on port 0 whose behaviour a test switches at will, counting requests. The
 * response names the backend, so a test sees who answered.
 */
final class Backend implements AutoCloseable {

    static final HttpService OK = (ctx, req) -> HttpResponse.of("ok");
    static final HttpService UNAVAILABLE_503 = (ctx, req) -> HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE);
    /** gRPC trailers-only UNAVAILABLE: the status is in the response headers. */
    static final HttpService GRPC_UNAVAILABLE_HEADERS =
            (ctx, req) -> HttpResponse.of(grpcHeaders().toBuilder().add("grpc-status", "14").build());
    /** gRPC UNAVAILABLE after normal headers, in trailers. */
    static final HttpService GRPC_UNAVAILABLE_TRAILERS = (ctx, req) -> HttpResponse.of(
            grpcHeaders(), com.linecorp.armeria.common.HttpData.empty(),
            HttpHeaders.of("grpc-status", "14"));
    static final HttpService GRPC_OK = (ctx, req) -> HttpResponse.of(
            grpcHeaders(), com.linecorp.armeria.common.HttpData.wrap(new byte[] { 0, 0, 0, 0, 0 }),
            HttpHeaders.of("grpc-status", "0"));

    private final String id;
    private final Server server;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicReference<HttpService> behaviour = new AtomicReference<>(OK);
    private final CompletableFuture<HttpResponse> held = new CompletableFuture<>();
    private final AtomicReference<String> lastBody = new AtomicReference<>();

    private Backend(String id) {
        this.id = id;
        server = BossGroups.applyTo(Server.builder())
                       .http(0)
                       .gracefulShutdownTimeoutMillis(0, 0)
                       .requestTimeoutMillis(0) // held requests stay held
                       .serviceUnder("/", (ctx, req) -> {
                           hits.incrementAndGet();
                           return behaviour.get().serve(ctx, req);
                       })
                       .build();
        server.start().join();
    }

    static Backend start(String id) {
        return new Backend(id);
    }

    static ResponseHeaders grpcHeaders() {
        return ResponseHeaders.of(HttpStatus.OK, "content-type", "application/grpc");
    }

    String id() {
        return id;
    }

    UpstreamEndpoint endpoint() {
        return UpstreamEndpoint.of(id, "127.0.0.1", server.activeLocalPort());
    }

    UpstreamEndpoint endpoint(int weight) {
        return new UpstreamEndpoint(id, "127.0.0.1", server.activeLocalPort(), weight, "z1");
    }

    void behave(HttpService service) {
        behaviour.set(service);
    }

    /** Holds every request until {@link #release()}. */
    void hold() {
        behave((ctx, req) -> HttpResponse.of(held));
    }

    /** Answers 200 once the whole request body has arrived, keeping it for {@link #lastBody()}. */
    void recordBodies() {
        behave((ctx, req) -> HttpResponse.of(req.aggregate().thenApply(whole -> {
            lastBody.set(whole.contentUtf8());
            return HttpResponse.of("ok");
        })));
    }

    String lastBody() {
        return lastBody.get();
    }

    void release() {
        held.complete(HttpResponse.of("released"));
    }

    int hits() {
        return hits.get();
    }

    void resetHits() {
        hits.set(0);
    }

    void stop() {
        server.stop().join();
    }

    /** Starts stopping (after releasing held requests); callers stop several in parallel. */
    CompletableFuture<Void> closeAsync() {
        release();
        return server.stop();
    }

    @Override
    public void close() {
        closeAsync().join();
    }
}
