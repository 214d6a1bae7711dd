package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.grpc.protocol.StatusMessageEscaper;
import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.Mode;
import io.weft.sidecar.failure.CallerKind;
import io.weft.sidecar.failure.FailureKind;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.FakeControlPlane;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * The failure vocabulary as callers meet it, on every listener: each failure a listener can produce,
 * asked by a gRPC, a JSON and a plain HTTP caller, answers with its kind's one status pair in that
 * caller's language. Timeouts are 504 / DEADLINE_EXCEEDED on every listener.
 */
class FailuresThroughListenersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    static final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));
    static ClientFactory factory;
    static Sidecar client;
    static Sidecar gateway;

    enum Listener { OUTBOUND, EDGE, INBOUND_VIA_OUTBOUND, TRANSCODED }

    @BeforeAll
    static void startMesh() throws IOException {
        // An app that takes every request and never answers: only a deadline ends its calls.
        final Server stall = apps.startApp(BossGroups.applyTo(Server.builder()).http(0).requestTimeout(Duration.ZERO)
                                                 .service("prefix:/", (ctx, req) -> HttpResponse.of(
                                                         new CompletableFuture<HttpResponse>()))
                                                 .build());
        mesh.startSidecar("stall", "stall-1", stall.activeLocalPort(), AppProtocol.HTTP, List.of());
        // A sidecar whose app is not there: nothing listens on its app port.
        final int nothing;
        try (ServerSocket socket = new ServerSocket(0)) {
            nothing = socket.getLocalPort();
        }
        mesh.startSidecar("gone", "gone-1", nothing, AppProtocol.HTTP, List.of());
        mesh.startSidecar("sum", "sum-1", apps.startSum("sum-1").activeLocalPort(), AppProtocol.GRPC, List.of());
        mesh.startSidecar("guarded", "guarded-1", stall.activeLocalPort(), AppProtocol.HTTP, List.of());
        mesh.fakeControlPlane().putIntentions("guarded", List.of(
                FakeControlPlane.intention("client", "guarded", false, 9)));

        final List<String> upstreams = List.of("stall", "gone", "sum", "guarded");
        client = mesh.startSidecar(mesh.config("client", "client-1").appPort(stall.activeLocalPort())
                                       .appProtocol(AppProtocol.HTTP).upstreams(upstreams)
                                       .requestTimeout(Duration.ofSeconds(1)).build());
        gateway = mesh.startSidecar(mesh.config("gateway", "gateway-1").mode(Mode.GATEWAY).upstreams(upstreams)
                                        .requestTimeout(Duration.ofSeconds(1)).build());
        factory = ClientFactory.builder().build();
    }

    @AfterAll
    static void closeFactory() {
        if (factory != null) {
            factory.close();
        }
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                row(Listener.OUTBOUND, FailureKind.NO_ROUTE, "nosuch", HttpMethod.GET, "/x", "unknown service 'nosuch'"),
                row(Listener.OUTBOUND, FailureKind.TIMEOUT, "stall", HttpMethod.GET, "/x", "service 'stall'"),
                row(Listener.EDGE, FailureKind.NO_ROUTE, "nosuch", HttpMethod.GET, "/nosuch/x", "unknown service"),
                row(Listener.EDGE, FailureKind.TIMEOUT, "stall", HttpMethod.GET, "/stall/x", "service 'stall'"),
                row(Listener.INBOUND_VIA_OUTBOUND, FailureKind.UNREACHABLE, "gone", HttpMethod.GET, "/x",
                    "is unreachable"),
                row(Listener.INBOUND_VIA_OUTBOUND, FailureKind.DENIED, "guarded", HttpMethod.GET, "/x",
                    "'client'"),
                row(Listener.TRANSCODED, FailureKind.NO_ROUTE, "sum", HttpMethod.POST, "/sum/v1/nothing",
                    "no JSON route"),
                row(Listener.TRANSCODED, FailureKind.WRONG_METHOD, "sum", HttpMethod.DELETE, "/sum/v1/sum",
                    "another HTTP method"),
                row(Listener.TRANSCODED, FailureKind.MALFORMED, "sum", HttpMethod.POST, "/sum/v1/sum", "JSON"))
                     .flatMap(rows -> rows);
    }

    private static Stream<Arguments> row(Listener listener, FailureKind kind, String service, HttpMethod method,
                                         String path, String messagePart) {
        // The transcoder is the JSON path: every caller of it is answered in JSON.
        final Stream<CallerKind> callers = listener == Listener.TRANSCODED ? Stream.of(CallerKind.JSON, CallerKind.TEXT)
                                                                          : Stream.of(CallerKind.values());
        return callers.map(caller -> Arguments.of(listener, kind, caller, service, method, path, messagePart));
    }

    @ParameterizedTest(name = "{0} {1} to a {2} caller")
    @MethodSource("failures")
    void eachFailureIsAnsweredWithItsStatusPairInTheCallersLanguage(
            Listener listener, FailureKind kind, CallerKind caller, String service, HttpMethod method,
            String path, String messagePart) throws Exception {
        final AggregatedHttpResponse res = send(listener, caller, service, method, path);
        assertThat(res.headers().get(FailureResponses.FAILURE_HEADER)).as("%s", res)
                                                                      .isEqualTo(kind.name().toLowerCase());
        final CallerKind answeredIn = listener == Listener.TRANSCODED ? CallerKind.JSON : caller;
        switch (answeredIn) {
            case GRPC -> {
                assertThat(res.status().code()).as("%s", res).isEqualTo(200);
                assertThat(res.headers().get("grpc-status")).as("%s", res)
                                                            .isEqualTo(Integer.toString(kind.grpcCode().value()));
                assertThat(StatusMessageEscaper.unescape(res.headers().get("grpc-message"))).contains(messagePart);
            }
            case JSON -> {
                assertThat(res.status()).as("%s", res.contentUtf8()).isEqualTo(kind.httpStatus());
                final JsonNode body = JSON.readTree(res.contentUtf8());
                assertThat(body.get("code").asText()).isEqualTo(kind.grpcCode().name());
                assertThat(body.get("message").asText()).contains(messagePart);
            }
            case TEXT -> {
                assertThat(res.status()).as("%s", res.contentUtf8()).isEqualTo(kind.httpStatus());
                assertThat(res.contentType().subtype()).isEqualTo("plain");
                assertThat(res.contentUtf8()).contains(messagePart);
            }
        }
    }

    private static AggregatedHttpResponse send(Listener listener, CallerKind caller, String service,
                                               HttpMethod method, String path) {
        final boolean edge = listener == Listener.EDGE || listener == Listener.TRANSCODED;
        final WebClient web = WebClient.builder("h2c://127.0.0.1:" + (edge ? gateway.edgePort() : client.outboundPort()))
                                       .factory(factory).responseTimeoutMillis(10_000).build();
        final RequestHeadersBuilder headers = RequestHeaders.builder(method, path);
        if (!edge) {
            headers.authority(service);
        }
        HttpData body = HttpData.empty();
        switch (caller) {
            case GRPC -> {
                headers.contentType(com.linecorp.armeria.common.MediaType.parse("application/grpc"))
                       .add("te", "trailers").add("grpc-timeout", "700m");
                body = HttpData.wrap(new byte[5]); // one empty message
            }
            case JSON -> {
                headers.add("accept", "application/json")
                       .contentType(com.linecorp.armeria.common.MediaType.JSON_UTF_8);
                body = HttpData.ofUtf8(listener == Listener.TRANSCODED ? "{not json" : "{}");
            }
            case TEXT -> {
                if (listener == Listener.TRANSCODED) {
                    headers.contentType(com.linecorp.armeria.common.MediaType.JSON_UTF_8);
                    body = HttpData.ofUtf8("{not json");
                }
            }
        }
        return web.execute(HttpRequest.of(headers.build(), body)).aggregate().join();
    }
}
