package io.weft.demo.hello.upstream;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.HttpHeaderNames;
import io.weft.common.annotation.Nullable;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.SumServiceGrpc.SumServiceStub;

/** Calls {@code sum}'s Add asynchronously. Thread-safe; one instance serves every request. */
public final class SumClient {

    private static final Metadata.Key<String> INSTANCE =
            Metadata.Key.of("x-weft-instance", Metadata.ASCII_STRING_MARSHALLER);

    private final URI upstream;
    private final String authority;
    private final Duration timeout;
    private final SumServiceStub stub;

    /**
     * A client for {@code sum} at {@code upstream}, sending {@code :authority: <authority>} (the mesh's
     * sidecar routes by it) and giving up after {@code timeout} with DEADLINE_EXCEEDED.
     */
    public static SumClient of(URI upstream, String authority, Duration timeout) {
        return new SumClient(upstream, authority, timeout);
    }

    private SumClient(URI upstream, String authority, Duration timeout) {
        this.upstream = requireNonNull(upstream, "upstream");
        this.authority = requireNonNull(authority, "authority");
        this.timeout = requireNonNull(timeout, "timeout");
        // Each call carries a gRPC deadline instead (see add): it reaches sum as grpc-timeout and fails
        // as DEADLINE_EXCEEDED, where Armeria's own response timeout can surface as CANCELLED.
        stub = GrpcClients.builder(upstream)
                          .setHeader(HttpHeaderNames.AUTHORITY, authority)
                          .responseTimeoutMillis(0)
                          .build(SumServiceStub.class);
    }

    /** Where calls go. */
    public URI upstream() {
        return upstream;
    }

    /**
     * {@code a + b} as computed by {@code sum}. The future completes on an event loop, exceptionally with
     * an {@link UpstreamException} when the call fails; it never blocks the caller.
     */
    public CompletableFuture<SumReply> add(long a, long b) {
        return add(a, b, Map.of());
    }

    /**
     * {@link #add(long, long)} sending {@code forwarded} as request headers: the trace headers of the
     * request that caused this call, so the mesh's spans of both join one trace.
     */
    public CompletableFuture<SumReply> add(long a, long b, Map<String, String> forwarded) {
        final CompletableFuture<SumReply> result = new CompletableFuture<>();
        final Metadata sent = new Metadata();
        forwarded.forEach((name, value) -> sent.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
        // The reply's headers name the instance that served it; the trailers are not needed.
        final AtomicReference<Metadata> headers = new AtomicReference<>();
        final AtomicReference<Metadata> trailers = new AtomicReference<>();
        stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
            .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers),
                              MetadataUtils.newAttachHeadersInterceptor(sent))
            .add(AddRequest.newBuilder().setA(a).setB(b).build(), new StreamObserver<>() {
                @Nullable
                private AddResponse response;

                @Override
                public void onNext(AddResponse value) {
                    response = value;
                }

                @Override
                public void onError(Throwable t) {
                    result.completeExceptionally(new UpstreamException(Status.fromThrowable(t), upstream, authority));
                }

                @Override
                public void onCompleted() {
                    if (response == null) {
                        result.completeExceptionally(new UpstreamException(
                                Status.INTERNAL.withDescription("no response message"), upstream, authority));
                        return;
                    }
                    result.complete(new SumReply(response.getSum(), instanceOf(headers.get())));
                }
            });
        return result;
    }

    @Nullable
    private static String instanceOf(@Nullable Metadata metadata) {
        return metadata == null ? null : metadata.get(INSTANCE);
    }
}
