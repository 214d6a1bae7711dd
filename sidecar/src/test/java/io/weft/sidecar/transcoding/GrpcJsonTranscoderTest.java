package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import io.grpc.stub.StreamObserver;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.Number;
import io.weft.demo.sum.v1.RangeRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;

/** JSON and native gRPC through the transcoder, in front of the real sum app. */
class GrpcJsonTranscoderTest {

    private static final int MAX_MESSAGE_LENGTH = 1024 * 1024;

    private static SumApp app;
    private static TranscodingFront front;

    @BeforeAll
    static void start() {
        app = SumApp.real(0);
        front = new TranscodingFront(app.port(), MAX_MESSAGE_LENGTH);
        org.awaitility.Awaitility.await().until(() -> front.transcoder.state().ready());
    }

    @AfterAll
    static void stop() {
        if (front != null) {
            front.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void postMappingWithBodyStar() {
        final AggregatedHttpResponse res = front.postJson("/v1/sum", "{\"a\":1,\"b\":2}");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(res.contentType()).isEqualTo(MediaType.JSON_UTF_8);
        assertThat(json(res)).isEqualTo(json("{\"sum\":\"3\"}"));
        assertThat(res.headers().get("x-weft-instance")).isEqualTo("sum-test");
    }

    @Test
    void getMappingWithPathVariables() {
        final AggregatedHttpResponse res = front.get("/v1/sum/40/2");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(res)).isEqualTo(json("{\"sum\":\"42\"}"));
    }

    @Test
    void negativePathVariables() {
        assertThat(json(front.get("/v1/sum/-40/2"))).isEqualTo(json("{\"sum\":\"-38\"}"));
    }

    @Test
    void postToGrpcPathWithJson() {
        final AggregatedHttpResponse res = front.postJson("/weft.demo.sum.v1.SumService/Add", "{\"a\":\"5\",\"b\":6}");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(res)).isEqualTo(json("{\"sum\":\"11\"}"));
    }

    @Test
    void rangeStreamsAsJsonArray() {
        final AggregatedHttpResponse res = front.postJson("/weft.demo.sum.v1.SumService/Range",
                                                          "{\"from\":1,\"to\":3}");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(res.contentType()).isEqualTo(MediaType.JSON_UTF_8);
        assertThat(JsonParser.parseString(res.contentUtf8())).isEqualTo(
                JsonParser.parseString("[{\"value\":\"1\"},{\"value\":\"2\"},{\"value\":\"3\"}]"));
    }

    @Test
    void rangeStreamsAsNdjson() {
        final AggregatedHttpResponse res = front.client.execute(
                RequestHeaders.builder(HttpMethod.POST, "/weft.demo.sum.v1.SumService/Range")
                              .contentType(MediaType.JSON_UTF_8).add("accept", "application/x-ndjson").build(),
                "{\"from\":\"-1\",\"to\":\"1\"}").aggregate().join();
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(res.contentType().toString()).isEqualTo("application/x-ndjson");
        assertThat(res.contentUtf8()).isEqualTo("{\"value\":\"-1\"}\n{}\n{\"value\":\"1\"}\n");
    }

    @Test
    void largeRangeIsWrittenWholeAsItStreams() {
        final AggregatedHttpResponse res = front.postJson("/weft.demo.sum.v1.SumService/Range",
                                                          "{\"from\":1,\"to\":10000}");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(JsonParser.parseString(res.contentUtf8()).getAsJsonArray()).hasSize(10_000);
    }

    @Test
    void streamingErrorBeforeAnyMessageGetsItsHttpStatus() {
        assertError(front.postJson("/weft.demo.sum.v1.SumService/Range", "{\"from\":5,\"to\":1}"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "from: 5 > to: 1");
    }

    @Test
    void overflowIsInvalidArgument() {
        assertError(front.postJson("/v1/sum", "{\"a\":\"9223372036854775807\",\"b\":1}"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "overflow");
    }

    @Test
    void malformedJsonIs400WithTheParseError() {
        assertError(front.postJson("/v1/sum", "{\"a\":1,"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "request body: malformed JSON", "line 1");
        assertError(front.postJson("/v1/sum", "{\"a\":1} trailing"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "malformed JSON");
        assertError(front.postJson("/v1/sum", "{a:1}"), HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "malformed JSON");
        assertError(front.postJson("/v1/sum", "{'a':1}"), HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "malformed JSON");
    }

    @Test
    void unknownFieldIs400NamingIt() {
        assertError(front.postJson("/v1/sum", "{\"a\":1,\"bogus\":2}"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "bogus", "weft.demo.sum.v1.AddRequest");
    }

    @Test
    void wrongTypeIs400() {
        assertError(front.postJson("/v1/sum", "{\"a\":\"one\"}"), HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "one");
    }

    @Test
    void badPathVariableIs400() {
        assertError(front.get("/v1/sum/forty/2"), HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "forty");
    }

    @Test
    void unknownPathIs404NamingIt() {
        assertError(front.get("/v2/nothing/here"), HttpStatus.NOT_FOUND, "NOT_FOUND", "GET /v2/nothing/here");
    }

    @Test
    void knownPathWithOtherMethodIs405() {
        assertError(front.client.delete("/v1/sum/1/2").aggregate().join(),
                    HttpStatus.METHOD_NOT_ALLOWED, "UNIMPLEMENTED", "DELETE /v1/sum/1/2");
    }

    @Test
    void clientAndBidiStreamingOverJsonAre501() {
        assertError(front.postJson("/weft.demo.sum.v1.SumService/Accumulate", "{}"),
                    HttpStatus.NOT_IMPLEMENTED, "UNIMPLEMENTED", "client-streaming", "native gRPC");
        assertError(front.postJson("/weft.demo.sum.v1.SumService/RunningSum", "{}"),
                    HttpStatus.NOT_IMPLEMENTED, "UNIMPLEMENTED", "bidirectional-streaming");
    }

    @Test
    void queryParameterWithBodyStarIsRejected() {
        assertError(front.postJson("/v1/sum?a=1", "{\"b\":2}"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "query parameter a");
    }

    @Test
    void nonJsonContentTypeIs415() {
        assertError(front.client.execute(RequestHeaders.builder(HttpMethod.POST, "/v1/sum")
                                                       .contentType(MediaType.PLAIN_TEXT_UTF_8).build(),
                                         "a=1").aggregate().join(),
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "INVALID_ARGUMENT", "text/plain");
    }

    @Test
    void tooLargeBodyIs413() {
        final String big = "{\"a\":1,\"b\":2" + " ".repeat(MAX_MESSAGE_LENGTH) + '}';
        assertError(front.postJson("/v1/sum", big), HttpStatus.REQUEST_ENTITY_TOO_LARGE, "RESOURCE_EXHAUSTED",
                    "exceeds the limit of " + MAX_MESSAGE_LENGTH + " bytes");
    }

    @Test
    void tooLargeStreamedBodyWithoutContentLengthIs413() {
        final HttpRequestWriter req = HttpRequest.streaming(
                RequestHeaders.builder(HttpMethod.POST, "/v1/sum").contentType(MediaType.JSON_UTF_8).build());
        final CompletableFuture<AggregatedHttpResponse> res = front.client.execute(req).aggregate();
        req.write(HttpData.ofUtf8("{\"a\":1" + " ".repeat(MAX_MESSAGE_LENGTH / 2)));
        req.write(HttpData.ofUtf8(" ".repeat(MAX_MESSAGE_LENGTH / 2 + 10) + '}'));
        req.close();
        assertError(res.join(), HttpStatus.REQUEST_ENTITY_TOO_LARGE, "RESOURCE_EXHAUSTED",
                    "exceeds the limit of " + MAX_MESSAGE_LENGTH + " bytes");
    }

    @Test
    void nativeGrpcOfAllFourMethodsPassesThrough() throws Exception {
        final SumServiceGrpc.SumServiceBlockingStub blocking =
                GrpcClients.newClient(front.uri(), SumServiceGrpc.SumServiceBlockingStub.class);
        assertThat(blocking.add(AddRequest.newBuilder().setA(20).setB(22).build()).getSum()).isEqualTo(42);

        final List<Long> range = new ArrayList<>();
        blocking.range(RangeRequest.newBuilder().setFrom(1).setTo(4).build())
                .forEachRemaining(n -> range.add(n.getValue()));
        assertThat(range).containsExactly(1L, 2L, 3L, 4L);

        final SumServiceGrpc.SumServiceStub async = GrpcClients.newClient(front.uri(),
                                                                          SumServiceGrpc.SumServiceStub.class);
        final CompletableFuture<Long> accumulated = new CompletableFuture<>();
        final StreamObserver<AddRequest> accumulate = async.accumulate(observer(accumulated, AddResponse::getSum));
        accumulate.onNext(AddRequest.newBuilder().setA(1).setB(2).build());
        accumulate.onNext(AddRequest.newBuilder().setA(3).setB(4).build());
        accumulate.onCompleted();
        assertThat(accumulated.get()).isEqualTo(10L);

        final List<Long> running = new ArrayList<>();
        final CompletableFuture<Long> last = new CompletableFuture<>();
        final StreamObserver<Number> runningSum = async.runningSum(observer(last, n -> {
            synchronized (running) {
                running.add(n.getValue());
            }
            return n.getValue();
        }));
        for (long i = 1; i <= 3; i++) {
            runningSum.onNext(Number.newBuilder().setValue(i).build());
        }
        runningSum.onCompleted();
        assertThat(last.get()).isEqualTo(6L);
        synchronized (running) {
            assertThat(running).containsExactly(1L, 3L, 6L);
        }
    }

    @Test
    void stateListsMethodsAndRoutes() {
        final TranscoderState state = front.transcoder.state();
        assertThat(state.ready()).isTrue();
        assertThat(state.version()).isEqualTo(1);
        assertThat(state.services()).isSorted().contains("weft.demo.sum.v1.SumService", "grpc.health.v1.Health");
        assertThat(state.methods()).contains("/weft.demo.sum.v1.SumService/Add",
                                             "/weft.demo.sum.v1.SumService/Range");
        assertThat(state.routes()).contains("POST /v1/sum -> /weft.demo.sum.v1.SumService/Add (body: *)",
                                            "GET /v1/sum/{a}/{b} -> /weft.demo.sum.v1.SumService/Add");
        assertThat(state.reflection()).isEqualTo(ReflectionClient.V1);
        assertThat(state.loadedAt()).isNotNull();
        assertThat(state.problems()).isEmpty();
    }

    /** A response observer that completes {@code future} with the last value. */
    private static <T> StreamObserver<T> observer(CompletableFuture<Long> future,
                                                  java.util.function.Function<T, Long> value) {
        return new StreamObserver<>() {
            private Long last;

            @Override
            public void onNext(T message) {
                last = value.apply(message);
            }

            @Override
            public void onError(Throwable t) {
                future.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                future.complete(last);
            }
        };
    }

    /** A JSON error: this status, {@code {"code": code, "message": ...}} containing every part. */
    static void assertError(AggregatedHttpResponse res, HttpStatus status, String code, String... messageParts) {
        assertThat(res.status()).as(res.contentUtf8()).isEqualTo(status);
        assertThat(res.contentType()).isEqualTo(MediaType.JSON_UTF_8);
        final JsonObject body = json(res);
        assertThat(body.keySet()).containsExactlyInAnyOrder("code", "message");
        assertThat(body.get("code").getAsString()).isEqualTo(code);
        assertThat(body.get("message").getAsString()).contains(messageParts);
    }

    private static JsonObject json(AggregatedHttpResponse res) {
        return json(res.contentUtf8());
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
