package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

/**
 * JSON calls to the real sum app through a transcoding front, one case each: routes, errors and limits. The
 * same cases run against every front that transcodes — the Armeria decorator ({@link GrpcJsonTranscoderTest})
 * and the sidecar's inbound Netty front ({@link NettyFrontTranscodingTest}) — so the two cannot drift apart.
 * Each front caps bodies at {@link #MAX_MESSAGE_LENGTH}.
 */
abstract class JsonTranscodingCases {

    static final int MAX_MESSAGE_LENGTH = 1024 * 1024;

    /** A client of the front under test. */
    abstract WebClient client();

    final AggregatedHttpResponse postJson(String path, String json) {
        return client().execute(RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8)
                                               .build(), json).aggregate().join();
    }

    final AggregatedHttpResponse get(String path) {
        return client().get(path).aggregate().join();
    }

    @Test
    void postMappingWithBodyStar() {
        final AggregatedHttpResponse res = postJson("/v1/sum", "{\"a\":1,\"b\":2}");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(res.contentType()).isEqualTo(MediaType.JSON_UTF_8);
        assertThat(json(res)).isEqualTo(json("{\"sum\":\"3\"}"));
        assertThat(res.headers().get("x-weft-instance")).isEqualTo("sum-test");
    }

    @Test
    void getMappingWithPathVariables() {
        final AggregatedHttpResponse res = get("/v1/sum/40/2");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(res)).isEqualTo(json("{\"sum\":\"42\"}"));
    }

    @Test
    void negativePathVariables() {
        assertThat(json(get("/v1/sum/-40/2"))).isEqualTo(json("{\"sum\":\"-38\"}"));
    }

    @Test
    void postToGrpcPathWithJson() {
        final AggregatedHttpResponse res = postJson("/weft.demo.sum.v1.SumService/Add", "{\"a\":\"5\",\"b\":6}");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(res)).isEqualTo(json("{\"sum\":\"11\"}"));
    }

    @Test
    void rangeStreamsAsJsonArray() {
        final AggregatedHttpResponse res = postJson("/weft.demo.sum.v1.SumService/Range",
                                                          "{\"from\":1,\"to\":3}");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(res.contentType()).isEqualTo(MediaType.JSON_UTF_8);
        assertThat(JsonParser.parseString(res.contentUtf8())).isEqualTo(
                JsonParser.parseString("[{\"value\":\"1\"},{\"value\":\"2\"},{\"value\":\"3\"}]"));
    }

    @Test
    void rangeStreamsAsNdjson() {
        final AggregatedHttpResponse res = client().execute(
                RequestHeaders.builder(HttpMethod.POST, "/weft.demo.sum.v1.SumService/Range")
                              .contentType(MediaType.JSON_UTF_8).add("accept", "application/x-ndjson").build(),
                "{\"from\":\"-1\",\"to\":\"1\"}").aggregate().join();
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(res.contentType().toString()).isEqualTo("application/x-ndjson");
        assertThat(res.contentUtf8()).isEqualTo("{\"value\":\"-1\"}\n{}\n{\"value\":\"1\"}\n");
    }

    @Test
    void largeRangeIsWrittenWholeAsItStreams() {
        final AggregatedHttpResponse res = postJson("/weft.demo.sum.v1.SumService/Range",
                                                          "{\"from\":1,\"to\":10000}");
        assertThat(res.status()).isEqualTo(HttpStatus.OK);
        assertThat(JsonParser.parseString(res.contentUtf8()).getAsJsonArray()).hasSize(10_000);
    }

    @Test
    void streamingErrorBeforeAnyMessageGetsItsHttpStatus() {
        assertError(postJson("/weft.demo.sum.v1.SumService/Range", "{\"from\":5,\"to\":1}"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "from: 5 > to: 1");
    }

    @Test
    void overflowIsInvalidArgument() {
        assertError(postJson("/v1/sum", "{\"a\":\"9223372036854775807\",\"b\":1}"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "overflow");
    }

    @Test
    void malformedJsonIs400WithTheParseError() {
        assertError(postJson("/v1/sum", "{\"a\":1,"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "request body: malformed JSON", "line 1");
        assertError(postJson("/v1/sum", "{\"a\":1} trailing"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "malformed JSON");
        assertError(postJson("/v1/sum", "{a:1}"), HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "malformed JSON");
        assertError(postJson("/v1/sum", "{'a':1}"), HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "malformed JSON");
    }

    @Test
    void unknownFieldIs400NamingIt() {
        assertError(postJson("/v1/sum", "{\"a\":1,\"bogus\":2}"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "bogus", "weft.demo.sum.v1.AddRequest");
    }

    @Test
    void wrongTypeIs400() {
        assertError(postJson("/v1/sum", "{\"a\":\"one\"}"), HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "one");
    }

    @Test
    void badPathVariableIs400() {
        assertError(get("/v1/sum/forty/2"), HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "forty");
    }

    @Test
    void unknownPathIs404NamingIt() {
        assertError(get("/v2/nothing/here"), HttpStatus.NOT_FOUND, "NOT_FOUND", "GET /v2/nothing/here");
    }

    @Test
    void knownPathWithOtherMethodIs405() {
        assertError(client().delete("/v1/sum/1/2").aggregate().join(),
                    HttpStatus.METHOD_NOT_ALLOWED, "UNIMPLEMENTED", "DELETE /v1/sum/1/2");
    }

    @Test
    void clientAndBidiStreamingOverJsonAre501() {
        assertError(postJson("/weft.demo.sum.v1.SumService/Accumulate", "{}"),
                    HttpStatus.NOT_IMPLEMENTED, "UNIMPLEMENTED", "client-streaming", "native gRPC");
        assertError(postJson("/weft.demo.sum.v1.SumService/RunningSum", "{}"),
                    HttpStatus.NOT_IMPLEMENTED, "UNIMPLEMENTED", "bidirectional-streaming");
    }

    @Test
    void queryParameterWithBodyStarIsRejected() {
        assertError(postJson("/v1/sum?a=1", "{\"b\":2}"),
                    HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "query parameter a");
    }

    @Test
    void nonJsonContentTypeIs415() {
        assertError(client().execute(RequestHeaders.builder(HttpMethod.POST, "/v1/sum")
                                                       .contentType(MediaType.PLAIN_TEXT_UTF_8).build(),
                                         "a=1").aggregate().join(),
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "INVALID_ARGUMENT", "text/plain");
    }

    @Test
    void tooLargeBodyIs413() {
        final String big = "{\"a\":1,\"b\":2" + " ".repeat(MAX_MESSAGE_LENGTH) + '}';
        assertError(postJson("/v1/sum", big), HttpStatus.REQUEST_ENTITY_TOO_LARGE, "RESOURCE_EXHAUSTED",
                    "exceeds the limit of " + MAX_MESSAGE_LENGTH + " bytes");
    }

    @Test
    void tooLargeStreamedBodyWithoutContentLengthIs413() {
        final HttpRequestWriter req = HttpRequest.streaming(
                RequestHeaders.builder(HttpMethod.POST, "/v1/sum").contentType(MediaType.JSON_UTF_8).build());
        final CompletableFuture<AggregatedHttpResponse> res = client().execute(req).aggregate();
        req.write(HttpData.ofUtf8("{\"a\":1" + " ".repeat(MAX_MESSAGE_LENGTH / 2)));
        req.write(HttpData.ofUtf8(" ".repeat(MAX_MESSAGE_LENGTH / 2 + 10) + '}'));
        req.close();
        assertError(res.join(), HttpStatus.REQUEST_ENTITY_TOO_LARGE, "RESOURCE_EXHAUSTED",
                    "exceeds the limit of " + MAX_MESSAGE_LENGTH + " bytes");
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

    static JsonObject json(AggregatedHttpResponse res) {
        return json(res.contentUtf8());
    }

    static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
