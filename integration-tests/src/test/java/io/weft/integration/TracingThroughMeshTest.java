package io.weft.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.encoding.DecodingService;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.weft.integration.mesh.InProcessMesh;

/**
 * One request through gateway -> hello -> sum in the in-process mesh, every sidecar tracing at 100 % to an
 * in-process Zipkin v2 API ({@code POST /api/v2/spans}) and writing an access log: the four hop spans
 * form one trace with the right parent/child links and attributes, and every log line names the trace.
 */
class TracingThroughMeshTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final ServerExtension zipkin = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/api/v2/spans", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(body -> {
                try {
                    JSON.readTree(body.contentUtf8()).forEach(received::add);
                    return HttpResponse.of(HttpStatus.ACCEPTED);
                } catch (IOException e) {
                    return HttpResponse.of(HttpStatus.BAD_REQUEST);
                }
            })));
            sb.decorator(DecodingService.newDecorator()); // the reporter gzips its messages, as Zipkin allows
        }
    };

    @TempDir
    static Path logs;
    private static InProcessMesh mesh;

    @BeforeAll
    static void startMesh() throws Exception {
        mesh = InProcessMesh.start(Duration.ofHours(24), (name, config) -> config.observability(
                1.0, zipkin.httpUri(), logs.resolve(name + ".log").toString()));
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    private static AggregatedHttpResponse get(String path, String... headers) {
        final RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.GET, path);
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return WebClient.of(mesh.gateway()).blocking().execute(h.build());
    }

    /** The spans of {@code traceId} once all {@code count} have arrived, by hop and service. */
    private static Map<String, JsonNode> spansOf(String traceId, int count) {
        final List<JsonNode> spans = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            spans.clear();
            received.stream().filter(s -> s.get("traceId").asText().equals(traceId)).forEach(spans::add);
            assertThat(spans).hasSize(count);
        });
        return spans.stream().collect(Collectors.toMap(
                s -> s.get("localEndpoint").get("serviceName").asText() + ' ' + s.get("tags").get("weft.hop").asText(),
                Function.identity()));
    }

    @Test
    void oneRequestIsOneTraceOfFourHopsEachTheChildOfTheLast() throws IOException {
        final String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        final String callerSpan = "00f067aa0ba902b7";
        final AggregatedHttpResponse response =
                get("/hello/sum?a=1&b=2", "traceparent", "00-" + trace + '-' + callerSpan + "-01");
        assertThat(response.status()).isEqualTo(HttpStatus.OK);

        final Map<String, JsonNode> spans = spansOf(trace, 4);
        assertThat(spans).containsOnlyKeys("gateway edge", "hello inbound", "hello outbound", "sum inbound");
        final JsonNode edge = spans.get("gateway edge");
        final JsonNode helloIn = spans.get("hello inbound");
        final JsonNode helloOut = spans.get("hello outbound");
        final JsonNode sumIn = spans.get("sum inbound");

        // Parent/child: caller -> edge -> hello's inbound -> (the app forwards) hello's outbound -> sum's inbound.
        assertThat(edge.get("parentId").asText()).isEqualTo(callerSpan);
        assertThat(helloIn.get("parentId").asText()).isEqualTo(edge.get("id").asText());
        assertThat(helloOut.get("parentId").asText()).isEqualTo(helloIn.get("id").asText());
        assertThat(sumIn.get("parentId").asText()).isEqualTo(helloOut.get("id").asText());

        assertThat(edge.get("kind").asText()).isEqualTo("SERVER");
        assertThat(tag(edge, "weft.upstream")).isEqualTo("hello");
        assertThat(tag(edge, "http.status_code")).isEqualTo("200");
        assertThat(tag(edge, "http.path")).isEqualTo("/hello/sum");
        assertThat(tag(edge, "weft.endpoint")).startsWith("127.0.0.1:");
        assertThat(tag(edge, "weft.retries")).isEqualTo("0");
        assertThat(edge.has("remoteEndpoint")).as("the edge's caller is outside the mesh").isFalse();

        assertThat(helloIn.get("kind").asText()).isEqualTo("SERVER");
        assertThat(tag(helloIn, "weft.peer")).startsWith("spiffe://").endsWith("/svc/gateway");

        assertThat(helloOut.get("kind").asText()).isEqualTo("CLIENT");
        assertThat(helloOut.get("name").asText()).isEqualTo("/weft.demo.sum.v1.SumService/Add");
        assertThat(tag(helloOut, "weft.upstream")).isEqualTo("sum");
        assertThat(helloOut.get("remoteEndpoint").get("serviceName").asText()).isEqualTo("sum");
        assertThat(helloIn.get("remoteEndpoint").get("serviceName").asText()).isEqualTo("gateway");
        assertThat(tag(helloOut, "grpc.status_code")).isEqualTo("0");

        assertThat(sumIn.get("kind").asText()).isEqualTo("SERVER");
        assertThat(tag(sumIn, "weft.peer")).endsWith("/svc/hello");
        assertThat(tag(sumIn, "grpc.status_code")).isEqualTo("0");
        for (JsonNode span : spans.values()) {
            assertThat(span.get("tags").has("error")).as("%s", span).isFalse();
            assertThat(span.get("duration").asLong()).as("%s", span).isPositive();
        }

        // Each sidecar's access log has this request's line, as JSON, with the trace id.
        final JsonNode edgeLine = await().atMost(Duration.ofSeconds(10)).until(
                () -> lineOf("gateway", trace), line -> line != null);
        assertThat(edgeLine.get("direction").asText()).isEqualTo("edge");
        assertThat(edgeLine.get("path").asText()).isEqualTo("/hello/sum");
        assertThat(edgeLine.get("status").asInt()).isEqualTo(200);
        assertThat(edgeLine.get("upstream").asText()).isEqualTo("hello");
        assertThat(edgeLine.get("upstream_endpoint").asText()).startsWith("127.0.0.1:");
        assertThat(edgeLine.get("retries").asInt()).isZero();
        assertThat(edgeLine.get("bytes_out").asLong()).isPositive();
        final JsonNode helloOutLine = await().atMost(Duration.ofSeconds(10)).until(
                () -> lineOf("hello-1", trace, "outbound"), line -> line != null);
        assertThat(helloOutLine.get("grpc_status").asText()).isEqualTo("0");
        assertThat(helloOutLine.get("authority").asText()).isEqualTo("sum");
        final JsonNode sumLine = await().atMost(Duration.ofSeconds(10)).until(
                () -> lineOf("sum-1", trace) != null ? lineOf("sum-1", trace) : lineOf("sum-2", trace),
                line -> line != null);
        assertThat(sumLine.get("direction").asText()).isEqualTo("inbound");
        assertThat(sumLine.get("peer").asText()).endsWith("/svc/hello");
    }

    @Test
    void b3MultiHeadersAreJoinedAcrossTheMesh() {
        final String trace = "a3ce929d0e0e4736";
        final AggregatedHttpResponse response = get("/hello/sum?a=2&b=3", "x-b3-traceid", trace,
                                                    "x-b3-spanid", "00f067aa0ba902b7", "x-b3-sampled", "1");
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        // A 64-bit B3 trace id stays the trace's id through every hop (W3C carries it zero-padded).
        final Map<String, JsonNode> spans = spansOf(trace, 4);
        assertThat(spans.get("sum inbound").get("parentId").asText())
                .isEqualTo(spans.get("hello outbound").get("id").asText());
    }

    @Test
    void anUnsampledCallerLeavesNoSpansButItsTraceIdIsLogged() {
        final String trace = "5bf92f3577b34da6a3ce929d0e0e4736";
        final AggregatedHttpResponse response =
                get("/hello/sum?a=3&b=4", "b3", trace + "-00f067aa0ba902b7-0");
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        final JsonNode sumLine = await().atMost(Duration.ofSeconds(10)).until(
                () -> lineOf("sum-1", trace) != null ? lineOf("sum-1", trace) : lineOf("sum-2", trace),
                line -> line != null);
        assertThat(sumLine.get("status").asInt()).isEqualTo(200);
        // Spans of later sampled traces arrive while none of this one has.
        final String later = "6bf92f3577b34da6a3ce929d0e0e4736";
        get("/hello/sum?a=1&b=1", "traceparent", "00-" + later + "-00f067aa0ba902b7-01");
        spansOf(later, 4);
        assertThat(received).noneMatch(s -> s.get("traceId").asText().equals(trace));
    }

    private static String tag(JsonNode span, String name) {
        final JsonNode value = span.get("tags").get(name);
        assertThat(value).as("tag %s of %s", name, span).isNotNull();
        return value.asText();
    }

    private static JsonNode lineOf(String sidecar, String traceId) throws IOException {
        return lineOf(sidecar, traceId, null);
    }

    /** The access log line of {@code sidecar} with {@code traceId} (and {@code direction}), or null. */
    private static JsonNode lineOf(String sidecar, String traceId, String direction) throws IOException {
        final Path file = logs.resolve(sidecar + ".log");
        if (!Files.exists(file)) {
            return null;
        }
        for (String line : Files.readAllLines(file)) {
            final JsonNode json = JSON.readTree(line); // every line parses as JSON
            if (json.get("trace_id").asText().equals(traceId) &&
                (direction == null || json.get("direction").asText().equals(direction))) {
                return json;
            }
        }
        return null;
    }
}
