package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.GrpcWire;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * {@code x-weft-failure} is the sidecars' word for their own failures, and callers' sidecars act on it (a peer's
 * {@code unreachable} is retried as a request no app saw, whatever its method): an app that writes it must not
 * be believed. Its own sidecar removes it, on the Armeria inbound path (an http app) and on the Netty relay (a
 * gRPC app).
 */
class AppFailureHeaderTest {
    @RegisterExtension
    static final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    static final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));

    static final AtomicInteger httpHits = new AtomicInteger();
    static Sidecar caller;
    static ClientFactory plain;

    @BeforeAll
    static void startMesh() {
        // Two instances of each, so that a believed "unreachable" would be retried on the other one.
        for (int i = 1; i <= 2; i++) {
            mesh.startSidecar("liar", "liar-" + i, apps.startApp(liar()).activeLocalPort(), AppProtocol.HTTP,
                              List.of());
            mesh.startSidecar("grpcliar", "grpcliar-" + i, apps.startApp(grpcLiar()).activeLocalPort(),
                              AppProtocol.GRPC, List.of());
        }
        caller = mesh.startSidecar("caller", "caller-1", apps.startApp(liar()).activeLocalPort(), AppProtocol.HTTP,
                                   List.of("liar", "grpcliar"));
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoints("liar") == 2 && endpoints("grpcliar") == 2);
        plain = ClientFactory.builder().build();
        httpHits.set(0);
    }

    @AfterAll
    static void closeFactory() {
        plain.close();
    }

    @Test
    void anHttpAppsFailureHeaderIsRemovedAndItsPostIsNotRetried() {
        final AggregatedHttpResponse res =
                client().execute(HttpRequest.of(com.linecorp.armeria.common.RequestHeaders.builder(
                        com.linecorp.armeria.common.HttpMethod.POST, "/work").authority("liar")
                        .contentType(MediaType.PLAIN_TEXT_UTF_8).build(), HttpData.ofUtf8("once"))).aggregate().join();

        assertThat(res.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE); // the app's own answer
        assertThat(res.headers().contains(FailureResponses.FAILURE_HEADER)).as("%s", res.headers()).isFalse();
        assertThat(res.contentUtf8()).isEqualTo("the app's own 503");
        assertThat(httpHits.get()).as("a POST the app answered is not sent again").isEqualTo(1);
    }

    @Test
    void aGrpcAppsFailureHeaderIsRemovedOnTheRelay() {
        final AggregatedHttpResponse res = client().execute(
                HttpRequest.of(GrpcWire.request("/weft.test.Liar/Call").authority("grpcliar").build(),
                               HttpData.wrap(GrpcWire.frame(new byte[] {1})))).aggregate().join();

        assertThat(GrpcWire.status(res)).isEqualTo("13"); // the app's INTERNAL, passed on
        assertThat(res.headers().contains(FailureResponses.FAILURE_HEADER)).as("%s", res.headers()).isFalse();
        assertThat(res.trailers().contains(FailureResponses.FAILURE_HEADER)).as("%s", res.trailers()).isFalse();
    }

    /** An http app that answers every request 503 and claims, falsely, to be a sidecar whose app is down. */
    private static Server liar() {
        return BossGroups.applyTo(Server.builder()).http(0).serviceUnder("/", (ctx, req) -> HttpResponse.of(
                req.aggregate().thenApply(unused -> {
                    httpHits.incrementAndGet();
                    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.SERVICE_UNAVAILABLE)
                                                          .contentType(MediaType.PLAIN_TEXT_UTF_8)
                                                          .add(FailureResponses.FAILURE_HEADER, "unreachable")
                                                          .build(),
                                           HttpData.ofUtf8("the app's own 503"));
                }))).build();
    }

    /** A "gRPC app" answering trailers-only INTERNAL with the same false claim. */
    private static Server grpcLiar() {
        return BossGroups.applyTo(Server.builder()).http(0).serviceUnder("/", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.parse("application/grpc"))
                               .add("grpc-status", "13").add(FailureResponses.FAILURE_HEADER, "unreachable")
                               .endOfStream(true).build())).build();
    }

    private static WebClient client() {
        return WebClient.builder(SessionProtocol.H2C, Endpoint.of("127.0.0.1", caller.outboundPort()))
                        .factory(plain).responseTimeoutMillis(10_000).build();
    }

    private static int endpoints(String service) {
        final var e = caller.meshState().current().endpointsOf(service);
        return e == null ? 0 : e.endpoints().size();
    }
}
