package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;

class RetryTest {

    @Test
    void eachRetryGoesToAnotherEndpoint() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 3)) {
            f.backends.forEach(b -> b.behave(Backend.UNAVAILABLE_503));
            assertThat(f.get().status().code()).isEqualTo(503); // the last attempt's answer
            for (Backend b : f.backends) {
                assertThat(b.hits()).as(b.id()).isEqualTo(1);
            }
            assertThat(f.cluster.retriesTotal()).isEqualTo(2);
        }
    }

    @Test
    void retryAvoidsTheFailedEndpointEvenWhenWeightsFavourIt() {
        // Weighted round robin alone would send the retry back to the heavy endpoint almost always.
        final ClusterPolicy policy = ClusterPolicy.builder().consecutiveFailures(1000).build();
        try (Fixture f = Fixture.start(policy, 100, 1)) {
            f.backend(0).behave(Backend.UNAVAILABLE_503);
            for (int i = 0; i < 10; i++) {
                assertThat(f.get().status().code()).isEqualTo(200);
            }
            assertThat(f.backend(1).hits()).isEqualTo(10);
            assertThat(f.backend(0).hits()).isBetween(9, 10);
        }
    }

    @Test
    void retriedGetSucceedsElsewhere() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 2)) {
            f.backend(0).behave(Backend.UNAVAILABLE_503);
            for (int i = 0; i < 4; i++) {
                assertThat(f.get().status().code()).isEqualTo(200);
            }
            assertThat(f.cluster.retriesTotal()).isEqualTo(f.backend(0).hits());
        }
    }

    @Test
    void postIsNotRetriedOnceTheUpstreamHasIt() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 3)) {
            f.backends.forEach(b -> b.behave(Backend.UNAVAILABLE_503));
            final AggregatedHttpResponse res = f.client.post("/", "work").aggregate().join();
            assertThat(res.status().code()).isEqualTo(503);
            assertThat(f.totalHits()).isEqualTo(1);
            assertThat(f.cluster.retriesTotal()).isZero();
        }
    }

    @Test
    void postIsRetriedWhenItNeverReachedTheUpstream() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 2)) {
            f.backend(0).stop();
            for (int i = 0; i < 6; i++) {
                assertThat(f.client.post("/", "work").aggregate().join().status().code()).isEqualTo(200);
            }
            assertThat(f.backend(1).hits()).isEqualTo(6);
            assertThat(f.cluster.retriesTotal()).isPositive();
        }
    }

    /**
     * An upstream's sidecar that answers for its dead app ({@code x-weft-failure: unreachable}), while it
     * drains, or before its transcoder is ready ({@code not_ready}) never passed the request on: a POST (the gateway's JSON) goes to another instance. An app's own
     * 503, and a sidecar's {@code reset} (the app may have had it), are not retried for a POST.
     */
    @Test
    void postIsRetriedWhenTheUpstreamsSidecarSaysItNeverPassedItOn() {
        for (String kind : List.of("unreachable", "draining", "not_ready")) {
            try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 2)) {
                f.backend(0).behave(sidecarAnswer(kind));
                for (int i = 0; i < 6; i++) {
                    assertThat(f.client.post("/", "work").aggregate().join().status().code()).as(kind).isEqualTo(200);
                }
                assertThat(f.backend(1).hits()).as(kind).isEqualTo(6);
                assertThat(f.cluster.retriesTotal()).as(kind).isEqualTo(f.backend(0).hits()).isPositive();
            }
        }
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 3)) {
            f.backends.forEach(b -> b.behave(sidecarAnswer("reset")));
            assertThat(f.client.post("/", "work").aggregate().join().status().code()).isEqualTo(503);
            assertThat(f.totalHits()).isEqualTo(1);
            assertThat(f.cluster.retriesTotal()).isZero();
        }
    }

    /**
     * An upstream's sidecar whose app broke the stream mid-request answers {@code 502} with
     * {@code x-weft-failure: reset}: a GET goes to another instance, as it would on a reset seen here; a POST
     * does not (the app may have run it).
     */
    @Test
    void getIsRetriedWhenTheUpstreamsSidecarSaysItsAppResetTheStream() {
        final HttpService reset = (ctx, req) -> HttpResponse.of(ResponseHeaders.builder(HttpStatus.BAD_GATEWAY)
                                                                            .add("x-weft-failure", "reset").build());
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 2)) {
            f.backend(0).behave(reset);
            for (int i = 0; i < 6; i++) {
                assertThat(f.get().status().code()).isEqualTo(200);
            }
            assertThat(f.backend(1).hits()).isEqualTo(6);
            assertThat(f.cluster.retriesTotal()).isEqualTo(f.backend(0).hits()).isPositive();
        }
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 2)) {
            f.backends.forEach(b -> b.behave(reset));
            assertThat(f.client.post("/", "work").aggregate().join().status().code()).isEqualTo(502);
            assertThat(f.cluster.retriesTotal()).isZero();
        }
    }

    private static HttpService sidecarAnswer(String failure) {
        return (ctx, req) -> HttpResponse.of(ResponseHeaders.builder(HttpStatus.SERVICE_UNAVAILABLE)
                                                            .add("x-weft-failure", failure).build());
    }

    @Test
    void postIsNotRetriedOnConnectFailureWhenTheSwitchIsOff() {
        final ClusterPolicy policy = ClusterPolicy.builder().retryUnprocessedAnyMethod(false).build();
        try (Fixture f = Fixture.equal(policy, 2)) {
            f.backend(0).stop();
            int failed = 0;
            for (int i = 0; i < 6; i++) {
                if (f.client.post("/", "work").aggregate().handle((r, e) -> e != null).join()) {
                    failed++;
                }
                f.settle();
            }
            assertThat(failed).isEqualTo(3);
            assertThat(f.cluster.retriesTotal()).isZero();
        }
    }

    /**
     * An app killed behind its live sidecar keeps its share of the traffic until it is taken out: retrying
     * what that sidecar never passed on must not spend the budget, or the rest of the share fails (the soak's
     * 170 unary failures 10 s after a kill-app). Answers an app may have caused still do.
     */
    @Test
    void retriesOfRequestsNoAppSawTakeNoBudget() {
        final ClusterPolicy policy = ClusterPolicy.builder()
                                                  .retryBudget(0.1, 0, Duration.ofSeconds(10))
                                                  .consecutiveFailures(1000)
                                                  .build();
        try (Fixture f = Fixture.equal(policy, 2)) {
            f.backend(0).behave(sidecarAnswer("unreachable"));
            for (int i = 0; i < 50; i++) {
                assertThat(f.client.post("/", "work").aggregate().join().status().code()).isEqualTo(200);
            }
            assertThat(f.backend(1).hits()).isEqualTo(50);
            assertThat(f.cluster.retriesTotal()).isEqualTo(f.backend(0).hits()).isGreaterThan(5);
            assertThat(f.cluster.retryBudgetExhaustedTotal()).isZero();

            f.backend(0).behave(Backend.UNAVAILABLE_503); // the app's own 503: the budget applies again
            final long retriesBefore = f.cluster.retriesTotal();
            int failed = 0;
            for (int i = 0; i < 50; i++) {
                if (f.get().status().code() != 200) {
                    failed++;
                }
            }
            assertThat(failed).isPositive();
            assertThat(f.cluster.retryBudgetExhaustedTotal()).isPositive();
            assertThat(f.cluster.retriesTotal() - retriesBefore).isLessThan(f.backend(0).hits());
        }
    }

    @Test
    void budgetExhaustionStopsRetries() {
        // 10 % of requests and no minimum: 50 failing requests may be retried at most 5 times.
        final ClusterPolicy policy = ClusterPolicy.builder()
                                                  .retryBudget(0.1, 0, Duration.ofSeconds(10))
                                                  .consecutiveFailures(1000)
                                                  .build();
        try (Fixture f = Fixture.equal(policy, 2)) {
            f.backends.forEach(b -> b.behave(Backend.UNAVAILABLE_503));
            for (int i = 0; i < 50; i++) {
                assertThat(f.get().status().code()).isEqualTo(503);
            }
            assertThat(f.cluster.retriesTotal()).isEqualTo(5);
            assertThat(f.totalHits()).isEqualTo(55);
            assertThat(f.cluster.retryBudgetExhaustedTotal()).isPositive();

            // A new window brings the budget back.
            f.clock.advance(Duration.ofSeconds(10));
            for (int i = 0; i < 10; i++) {
                f.get();
            }
            assertThat(f.cluster.retriesTotal()).isEqualTo(6);
        }
    }

    @Test
    void noFailedIdempotentRequestWhenABackendIsKilledUnderLoad() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 3)) {
            final int failed = loadWhileKilling(f, () -> f.client.get("/").aggregate()
                                                              .thenApply(res -> res.status().code() == 200));
            assertThat(failed).isZero();
            assertThat(f.status(1).ejected()).isTrue();
            assertThat(f.cluster.retriesTotal()).isPositive();
        }
    }

    @Test
    void noFailedUnaryShapedGrpcCallWhenABackendIsKilledUnderLoad() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 3)) {
            f.backends.forEach(b -> b.behave(Backend.GRPC_OK));
            final int failed = loadWhileKilling(f, () -> f.client.execute(grpcRequest(1)).aggregate().thenApply(
                    res -> "0".equals(res.trailers().get("grpc-status"))));
            assertThat(failed).isZero();
            assertThat(f.status(1).ejected()).isTrue();
        }
    }

    /**
     * 600 calls from 4 concurrent callers; backend 1 is stopped once 200 have started. Returns how
     * many calls failed (an exception or {@code call} yielding false).
     */
    private static int loadWhileKilling(Fixture f, Supplier<CompletableFuture<Boolean>> call) {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final List<CompletableFuture<Void>> callers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            callers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 150; i++) {
                    if (started.incrementAndGet() == 200) {
                        f.backend(1).stop();
                    }
                    if (!call.get().exceptionally(e -> false).join()) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
        assertThat(started.get()).isEqualTo(600);
        return failed.get();
    }

    @Test
    void grpcWithOneMessageIsRetriedOnTrailersOnlyUnavailable() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 2)) {
            f.backend(0).behave(Backend.GRPC_UNAVAILABLE_HEADERS);
            f.backend(1).behave(Backend.GRPC_OK);
            assertThat(unavailableAnswers(f, 1, 6)).isZero();
            assertThat(f.cluster.retriesTotal()).isEqualTo(f.backend(0).hits()).isPositive();
        }
    }

    @Test
    void grpcRefusedBeforeItsBodyEndedIsRetried() {
        // An inbound sidecar whose app is gone answers UNAVAILABLE before the caller's end of stream.
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 2)) {
            f.backend(0).behave(Backend.GRPC_UNAVAILABLE_HEADERS);
            f.backend(1).behave(Backend.GRPC_OK);
            for (int i = 0; i < 4; i++) {
                final HttpRequestWriter req = HttpRequest.streaming(grpcRequest(1).headers());
                req.write(HttpData.wrap(frames(1)));
                final AggregatedHttpResponse res = f.client.execute(req).aggregate().join();
                req.close();
                f.settle();
                assertThat(res.headers().get("grpc-status")).as("call %d", i).isNull();
                assertThat(res.trailers().get("grpc-status")).as("call %d", i).isEqualTo("0");
            }
            assertThat(f.cluster.retriesTotal()).isEqualTo(f.backend(0).hits()).isPositive();
        }
    }

    @Test
    void grpcWithTwoMessagesIsNeverRetried() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 2)) {
            f.backend(0).behave(Backend.GRPC_UNAVAILABLE_HEADERS);
            f.backend(1).behave(Backend.GRPC_OK);
            assertThat(unavailableAnswers(f, 2, 6)).isEqualTo(3).isEqualTo(f.backend(0).hits());
            assertThat(f.cluster.retriesTotal()).isZero();
        }
    }

    @Test
    void grpcDeclaredUnaryIsAlsoRetriedOnUnavailableInTrailers() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 2)) {
            f.backend(0).behave(Backend.GRPC_UNAVAILABLE_TRAILERS);
            f.backend(1).behave(Backend.GRPC_OK);
            for (int i = 0; i < 4; i++) {
                final AggregatedHttpResponse res =
                        f.client.prepare().attr(UpstreamCluster.UNARY_GRPC, true)
                                .method(HttpMethod.POST).path("/pkg.Svc/Method")
                                .content(com.linecorp.armeria.common.MediaType.parse("application/grpc"),
                                         frames(1))
                                .execute().aggregate().join();
                assertThat(res.trailers().get("grpc-status")).isEqualTo("0");
            }
            assertThat(f.cluster.retriesTotal()).isEqualTo(2);

            // Undeclared, the trailers are not waited for: the UNAVAILABLE passes through.
            assertThat(unavailableAnswers(f, 1, 4)).isEqualTo(2);
        }
    }

    /** Sends {@code calls} gRPC calls of {@code messages} messages each; counts UNAVAILABLE answers. */
    private static int unavailableAnswers(Fixture f, int messages, int calls) {
        int unavailable = 0;
        for (int i = 0; i < calls; i++) {
            final AggregatedHttpResponse res = f.client.execute(grpcRequest(messages)).aggregate().join();
            f.settle();
            final String status = res.trailers().isEmpty() ? res.headers().get("grpc-status")
                                                           : res.trailers().get("grpc-status");
            if ("14".equals(status)) {
                unavailable++;
            }
        }
        return unavailable;
    }

    private static HttpRequest grpcRequest(int messages) {
        return HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/pkg.Svc/Method")
                                            .contentType(com.linecorp.armeria.common.MediaType.parse(
                                                    "application/grpc"))
                                            .build(),
                              HttpData.wrap(frames(messages)));
    }

    /** {@code n} gRPC messages of three bytes each. */
    static byte[] frames(int n) {
        final byte[] out = new byte[n * 8];
        for (int i = 0; i < n; i++) {
            out[i * 8 + 4] = 3;
            out[i * 8 + 5] = 'a';
            out[i * 8 + 6] = 'b';
            out[i * 8 + 7] = 'c';
        }
        return out;
    }
}
