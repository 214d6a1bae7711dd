package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonParser;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

/** Descriptors over the app's life: not up yet, restarted with other services, old reflection. */
class TranscoderLifecycleTest {

    private static final String HEALTH_CHECK = "/grpc.health.v1.Health/Check";

    @Test
    @SuppressWarnings("try") // the app only has to run
    void answers503UntilTheAppIsUpThenServes() {
        final int port = SumApp.freePort();
        try (TranscodingFront front = new TranscodingFront(port, 1024 * 1024)) {
            final AggregatedHttpResponse early = front.postJson("/v1/sum", "{\"a\":1,\"b\":2}");
            JsonTranscodingCases.assertError(early, HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE",
                                               "descriptors are not loaded yet", "127.0.0.1:" + port);
            assertThat(early.headers().get("retry-after")).isEqualTo("1");
            assertThat(front.transcoder.state().ready()).isFalse();

            try (SumApp app = SumApp.real(port)) {
                await().untilAsserted(() -> assertThat(front.postJson("/v1/sum", "{\"a\":1,\"b\":2}").contentUtf8())
                                               .isEqualTo("{\"sum\":\"3\"}"));
                assertThat(front.transcoder.state().lastError()).isNull();
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the apps only have to run
    void refreshesWhenTheAppRestartsWithOtherDescriptors() {
        final int port = SumApp.freePort();
        try (TranscodingFront front = new TranscodingFront(port, 1024 * 1024)) {
            try (SumApp reduced = SumApp.reduced(port, false)) {
                await().until(() -> front.transcoder.state().ready());
                assertThat(front.postJson(HEALTH_CHECK, "{}").status()).isEqualTo(HttpStatus.NOT_FOUND);
                assertThat(front.transcoder.state().version()).isEqualTo(1);
            }
            // The app is down: JSON calls fail fast, the last descriptors are kept.
            JsonTranscodingCases.assertError(front.postJson("/v1/sum", "{\"a\":1}"),
                                               HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "unreachable");
            assertThat(front.transcoder.state().ready()).isTrue();

            try (SumApp real = SumApp.real(port)) {
                await().untilAsserted(() -> {
                    final AggregatedHttpResponse health = front.postJson(HEALTH_CHECK, "{}");
                    assertThat(health.status()).isEqualTo(HttpStatus.OK);
                    assertThat(health.contentUtf8()).isEqualTo("{\"status\":\"SERVING\"}");
                });
                assertThat(front.transcoder.state().version()).isEqualTo(2);
                assertThat(front.transcoder.state().methods()).contains(HEALTH_CHECK);
            }
        }
    }

    @Test
    void fallsBackToReflectionV1alpha() {
        withReducedApp(true, front -> {
            assertThat(front.transcoder.state().reflection()).isEqualTo(ReflectionClient.V1ALPHA);
            assertThat(front.get("/v1/sum/2/3").contentUtf8()).isEqualTo("{\"sum\":\"5\"}");
        });
    }

    @Test
    void errorAfterMessagesEndsTheArrayAndTheNdjsonWithAnErrorObject() {
        withReducedApp(false, front -> {
            final AggregatedHttpResponse array = range(front, "application/json");
            assertThat(array.status()).isEqualTo(HttpStatus.OK);
            assertThat(JsonParser.parseString(array.contentUtf8())).isEqualTo(JsonParser.parseString(
                    "[{\"value\":\"1\"},{\"value\":\"2\"}," +
                    "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"boom!\"}}]"));

            final AggregatedHttpResponse ndjson = range(front, "application/x-ndjson");
            assertThat(ndjson.contentUtf8()).isEqualTo(
                    "{\"value\":\"1\"}\n{\"value\":\"2\"}\n{\"error\":{\"code\":\"INTERNAL\",\"message\":\"boom!\"}}\n");
        });
    }

    @Test
    void metadataReachesTheAppAndItsHeadersComeBack() {
        withReducedApp(false, front -> {
            final AggregatedHttpResponse res = front.client.execute(
                    RequestHeaders.builder(HttpMethod.GET, "/v1/sum/1/1").add("authorization", "Bearer t").build())
                                                           .aggregate().join();
            assertThat(res.contentUtf8()).isEqualTo("{\"sum\":\"2\"}");
            assertThat(res.headers().get(SumApp.SEEN_BY_APP)).isEqualTo("Bearer t|application/grpc|-");
            assertThat(res.headers().contains("grpc-status")).isFalse();
            assertThat(res.headers().contains("grpc-accept-encoding")).isFalse();
        });
    }

    @Test
    void theAppsErrorDetailsAreKept() {
        withReducedApp(false, front -> {
            final AggregatedHttpResponse res = front.client.execute(
                    RequestHeaders.builder(HttpMethod.GET, "/v1/sum/1/1").add(SumApp.FAIL_AT_END, "details").build())
                                                           .aggregate().join();
            assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(JsonParser.parseString(res.contentUtf8())).isEqualTo(JsonParser.parseString(
                    "{\"code\":\"INVALID_ARGUMENT\",\"message\":\"bad\",\"details\":[" +
                    "{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\"," +
                    "\"fieldViolations\":[{\"field\":\"a\",\"description\":\"too big\"}]}]}"));
        });
    }

    /** Runs {@code test} against a front whose descriptors are loaded from a fresh reduced app. */
    private static void withReducedApp(boolean v1alphaOnly, Consumer<TranscodingFront> test) {
        try (SumApp app = SumApp.reduced(0, v1alphaOnly);
             TranscodingFront front = new TranscodingFront(app.port(), 1024 * 1024)) {
            await().until(() -> front.transcoder.state().ready());
            test.accept(front);
        }
    }

    private static AggregatedHttpResponse range(TranscodingFront front, String accept) {
        return front.client.execute(RequestHeaders.builder(HttpMethod.POST, "/weft.demo.sum.v1.SumService/Range")
                                                  .contentType(MediaType.JSON_UTF_8)
                                                  .add("accept", accept)
                                                  .add(SumApp.FAIL_AT_END, "true")
                                                  .build(),
                                    "{\"from\":1,\"to\":2}").aggregate().join();
    }
}
