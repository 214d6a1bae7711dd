package io.weft.sidecar.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import io.micrometer.core.instrument.Gauge;
import io.weft.certs.SpiffeId;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.InboundRelay;
import io.weft.sidecar.config.SidecarConfig;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.testing.SidecarExtension;

/**
 * The shared JSON cases through a sidecar's inbound Netty front ({@code --inbound-relay netty}), called with a
 * mesh certificate: the front transcodes unary calls itself and passes the rest (streaming, 404, 405, 415...)
 * to the Armeria path; both must answer as the Armeria transcoder does. Plus what only the front does.
 */
class NettyFrontTranscodingTest extends JsonTranscodingCases {

    @RegisterExtension
    static final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));
    private static SumApp app;
    private static Sidecar sum;
    private static ClientFactory tester;
    private static WebClient client;

    @BeforeAll
    static void start() {
        app = SumApp.real(0);
        sum = mesh.startSidecar(sidecar("sum-1", app.port()));
        tester = mesh.fakeControlPlane().meshClientFactory("tester");
        client = WebClient.builder("https://127.0.0.1:" + sum.inboundPort()).factory(tester)
                          .responseTimeoutMillis(10_000).build();
        await().atMost(Duration.ofSeconds(20)).until(
                () -> client.get("/v1/sum/1/1").aggregate().join().status().equals(HttpStatus.OK));
    }

    @AfterAll
    static void stop() {
        if (tester != null) {
            tester.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private static SidecarConfig sidecar(String id, int appPort) {
        return mesh.config("sum", id).appPort(appPort).appProtocol(AppProtocol.GRPC)
                   .inboundRelay(InboundRelay.NETTY).maxRequestBytes(MAX_MESSAGE_LENGTH).build();
    }

    @Override
    WebClient client() {
        return client;
    }

    /**
     * A probe sidecar of its own, in front of the reduced app (which says what metadata it saw): every answer
     * below comes from the front, which opens no connection to the Armeria path.
     */
    @Test
    void unaryJsonIsTranscodedByTheFrontItself() {
        try (SumApp own = SumApp.reduced(0, false)) {
            final Sidecar probe = mesh.startSidecar(sidecar("sum-probe", own.port()));
            final WebClient probeClient = WebClient.builder("https://127.0.0.1:" + probe.inboundPort())
                                                   .factory(tester).responseTimeoutMillis(10_000).build();
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> probeClient.get("/v1/sum/1/1").aggregate().join().status().equals(HttpStatus.OK));

            // Metadata crosses, the caller's identity claim is replaced by the verified one, headers come back.
            final AggregatedHttpResponse res = probeClient.execute(
                    RequestHeaders.builder(HttpMethod.GET, "/v1/sum/40/2").add("authorization", "Bearer t")
                                  .add("x-weft-peer-identity", "spiffe://evil/ns/x/sa/y").build()).aggregate().join();
            assertThat(res.contentUtf8()).isEqualTo("{\"sum\":\"42\"}");
            assertThat(res.contentType()).isEqualTo(MediaType.JSON_UTF_8);
            assertThat(res.headers().get(SumApp.SEEN_BY_APP))
                    .isEqualTo("Bearer t|application/grpc|" + SpiffeId.of(mesh.fakeControlPlane().ca().trustDomain(),
                                                                          mesh.fakeControlPlane().ca().datacenter(),
                                                                          "tester").uri());
            assertThat(res.headers().contains("grpc-status")).isFalse();

            // The app's error, with its details, from trailers after a message.
            final AggregatedHttpResponse failed = probeClient.execute(
                    RequestHeaders.builder(HttpMethod.GET, "/v1/sum/1/1").add(SumApp.FAIL_AT_END, "details").build())
                                                             .aggregate().join();
            assertThat(failed.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(json(failed).get("details").getAsJsonArray()).hasSize(1);

            assertError(probeClient.post("/v1/sum", "{\"a\":").aggregate().join(), HttpStatus.BAD_REQUEST,
                        "INVALID_ARGUMENT", "malformed JSON");
            // The Armeria listeners (the private inbound one, outbound, admin) have seen no connection.
            assertThat(armeriaConnections(probe)).isZero();

            final int appPort = own.port();
            own.close(); // the app goes away with its descriptors loaded: the front answers for it
            final AggregatedHttpResponse down = probeClient.get("/v1/sum/1/2").aggregate().join();
            assertThat(down.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(down.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("unreachable");
            assertThat(json(down).get("message").getAsString()).contains("127.0.0.1:" + appPort);
            assertThat(armeriaConnections(probe)).isZero();
        }
    }

    private static double armeriaConnections(Sidecar sidecar) {
        return sidecar.metrics().registry().find("armeria.server.connections").gauges().stream()
                      .mapToDouble(Gauge::value).sum();
    }
}
