package io.weft.demo.hello.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.weft.demo.hello.HelloTestServers;
import io.weft.demo.sum.SumConfig;
import io.weft.demo.sum.SumServer;

/** Every {@code hello} route, with {@code /sum} calling a real in-process {@code sum} server. */
class HelloRoutesTest {

    private static final List<String> authoritiesSeenBySum = new CopyOnWriteArrayList<>();
    private static final List<RequestHeaders> headersSeenBySum = new CopyOnWriteArrayList<>();

    @RegisterExtension
    @Order(1)
    static final ServerExtension sum = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            SumServer.configure(sb, SumConfig.of(0, "sum-7"));
            sb.decorator((delegate, ctx, req) -> {
                authoritiesSeenBySum.add(req.authority());
                headersSeenBySum.add(req.headers());
                return delegate.serve(ctx, req);
            });
        }
    };

    @RegisterExtension
    @Order(2)
    static final ServerExtension hello = HelloTestServers.extension(sum::httpUri);

    private static AggregatedHttpResponse get(String path) {
        return hello.blockingWebClient().get(path);
    }

    @Test
    void rootSaysHelloInPlainText() {
        final AggregatedHttpResponse response = get("/");
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(response.contentType()).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
        assertThat(response.contentUtf8()).isEqualTo("Hello, world!");
    }

    @Test
    void greetGreetsByName() {
        final AggregatedHttpResponse response = get("/greet?name=Ada");
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8())
                .isEqualTo("{\"message\":\"Hello, Ada!\",\"instance\":\"" + HelloTestServers.INSTANCE_ID + "\"}");
    }

    @Test
    void greetWithoutANameGreetsTheWorld() {
        assertThat(get("/greet").contentUtf8()).contains("\"message\":\"Hello, world!\"");
        assertThat(get("/greet?name=").contentUtf8()).contains("\"message\":\"Hello, world!\"");
    }

    @Test
    void greetDecodesAndEscapesTheName() {
        assertThat(get("/greet?name=Ada%20%22L%22").contentUtf8())
                .contains("\"message\":\"Hello, Ada \\\"L\\\"!\"");
    }

    @Test
    void greetAcceptsTwoHundredFiftySixCharacters() {
        assertThat(get("/greet?name=" + "x".repeat(256)).status()).isEqualTo(HttpStatus.OK);
        // Characters, not UTF-16 units: 256 emoji are 512 chars in Java.
        assertThat(get("/greet?name=" + "%F0%9F%98%80".repeat(256)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void greetRejectsALongerNameWithAJsonError() {
        final AggregatedHttpResponse response = get("/greet?name=" + "x".repeat(257));
        assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8())
                .isEqualTo("{\"error\":\"name: 257 characters (expected: at most 256)\"}");
    }

    @Test
    void sumAsksTheSumServiceAndNamesTheInstanceThatServed() {
        final AggregatedHttpResponse response = get("/sum?a=1&b=2");
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8()).isEqualTo("{\"a\":1,\"b\":2,\"sum\":3,\"servedBy\":\"sum-7\"}");
        assertThat(get("/sum?a=-5&b=2").contentUtf8()).isEqualTo(
                "{\"a\":-5,\"b\":2,\"sum\":-3,\"servedBy\":\"sum-7\"}");
    }

    @Test
    void sumForwardsTheTraceHeadersItReceived() {
        headersSeenBySum.clear();
        final String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        final AggregatedHttpResponse response = hello.blockingWebClient().execute(
                RequestHeaders.builder(HttpMethod.GET, "/sum?a=1&b=2")
                              .add("traceparent", traceparent).add("tracestate", "vendor=1")
                              .add("b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1")
                              .add("x-unrelated", "kept-here").build());
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(headersSeenBySum).hasSize(1);
        final RequestHeaders seen = headersSeenBySum.get(0);
        assertThat(seen.get("traceparent")).isEqualTo(traceparent);
        assertThat(seen.get("tracestate")).isEqualTo("vendor=1");
        assertThat(seen.get("b3")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1");
        assertThat(seen.contains("x-unrelated")).isFalse();
    }

    @Test
    void sumSendsTheConfiguredAuthority() {
        authoritiesSeenBySum.clear();
        assertThat(get("/sum?a=1&b=1").status()).isEqualTo(HttpStatus.OK);
        assertThat(authoritiesSeenBySum).containsExactly("sum");
    }

    @Test
    void sumRejectsANonNumericOperandNamingIt() {
        assertBadRequest(get("/sum?a=one&b=2"), "{\"error\":\"a: one (expected: a 64-bit integer)\"}");
        assertBadRequest(get("/sum?a=1&b=2.5"), "{\"error\":\"b: 2.5 (expected: a 64-bit integer)\"}");
        assertBadRequest(get("/sum?a=1&b=9223372036854775808"),
                         "{\"error\":\"b: 9223372036854775808 (expected: a 64-bit integer)\"}");
    }

    @Test
    void sumRejectsAMissingOperandNamingIt() {
        assertBadRequest(get("/sum?a=1"),
                         "{\"error\":\"b: missing (expected: a 64-bit integer, e.g. /sum?a=1&b=2)\"}");
        assertBadRequest(get("/sum"),
                         "{\"error\":\"a: missing (expected: a 64-bit integer, e.g. /sum?a=1&b=2)\"}");
    }

    @Test
    void sumPassesOnTheOverflowErrorOfTheSumService() {
        final AggregatedHttpResponse response = get("/sum?a=9223372036854775807&b=1");
        assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.contentUtf8())
                .contains("a + b overflows int64: 9223372036854775807 + 1")
                .contains("\"upstream\":\"" + sum.httpUri() + "\"")
                .contains("\"grpcStatus\":\"INVALID_ARGUMENT\"");
    }

    @Test
    void healthzIsHealthy() {
        final AggregatedHttpResponse response = get("/healthz");
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(response.contentUtf8()).contains("\"healthy\":true");
    }

    @Test
    void everyResponseCarriesTheInstanceHeader() {
        for (String path : List.of("/", "/greet", "/greet?name=" + "x".repeat(300), "/sum?a=1&b=2", "/sum?a=x",
                                   "/healthz", "/no-such-route")) {
            assertThat(get(path).headers().get("x-weft-instance")).as(path)
                                                                  .isEqualTo(HelloTestServers.INSTANCE_ID);
        }
    }

    private static void assertBadRequest(AggregatedHttpResponse response, String json) {
        assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8()).isEqualTo(json);
    }
}
