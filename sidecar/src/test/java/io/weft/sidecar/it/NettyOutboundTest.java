package io.weft.sidecar.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.SessionProtocol;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.SumServiceGrpc;
import io.weft.sidecar.Sidecar;
import io.weft.sidecar.config.AppProtocol;
import io.weft.sidecar.config.OutboundRelay;
import io.weft.sidecar.failure.FailureResponses;
import io.weft.sidecar.testing.DemoAppsExtension;
import io.weft.sidecar.testing.GrpcEchoApp;
import io.weft.sidecar.testing.GrpcWire;
import io.weft.sidecar.testing.MeshClients;
import io.weft.sidecar.testing.SidecarExtension;
import io.weft.sidecar.testing.SumCalls;

/**
 * The outbound listener on the Netty front ({@code --outbound-relay netty}): gRPC to an upstream without
 * Consul routes relayed to its endpoints over mTLS (the four call kinds, a large message, balancing, the
 * deadline, retries and the replay limit), and everything else answered by the Armeria outbound path as
 * before (unknown service, HTTP/1.1). The callers are the test, as an app, on the caller sidecar's port.
 */
class NettyOutboundTest {
    private static final String ECHO_METHOD = "/weft.test.Echo/Call";

    @RegisterExtension
    static final DemoAppsExtension apps = new DemoAppsExtension();
    @RegisterExtension
    static final SidecarExtension mesh = SidecarExtension.withFakeControlPlane(Duration.ofHours(1));
    static final GrpcEchoApp grpcEcho = new GrpcEchoApp();
    static Sidecar sum1;
    static Sidecar sum2;
    static Sidecar caller;
    static Sidecar armeriaCaller;
    static ClientFactory plain;

    @BeforeAll
    static void startMesh() throws Exception {
        final int sumApp1 = apps.startSum("sum-1").activeLocalPort();
        sum1 = mesh.startSidecar("sum", "sum-1", sumApp1, AppProtocol.GRPC, List.of());
        sum2 = mesh.startSidecar("sum", "sum-2", apps.startSum("sum-2").activeLocalPort(), AppProtocol.GRPC,
                                 List.of());
        mesh.startSidecar("echo", "echo-1", apps.startApp(grpcEcho.server()).activeLocalPort(), AppProtocol.GRPC,
                          List.of());
        // "flaky": one instance whose app is down (its sidecar answers UNAVAILABLE), one healthy.
        final int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        mesh.startSidecar("flaky", "flaky-down", closedPort, AppProtocol.GRPC, List.of());
        mesh.startSidecar("flaky", "flaky-up", apps.startApp(new GrpcEchoApp().server()).activeLocalPort(),
                          AppProtocol.GRPC, List.of());
        final List<String> upstreams = List.of("sum", "echo", "flaky");
        caller = mesh.startSidecar(mesh.config("caller", "caller-1").appPort(sumApp1).appProtocol(AppProtocol.GRPC)
                                       .upstreams(upstreams).outboundRelay(OutboundRelay.NETTY).build());
        armeriaCaller = mesh.startSidecar(mesh.config("caller", "caller-2").appPort(sumApp1)
                                              .appProtocol(AppProtocol.GRPC).upstreams(upstreams)
                                              .outboundRelay(OutboundRelay.ARMERIA).build());
        for (Sidecar s : List.of(caller, armeriaCaller)) {
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> endpoints(s, "sum") == 2 && endpoints(s, "echo") == 1 && endpoints(s, "flaky") == 2);
        }
        plain = ClientFactory.builder().build();
    }

    @AfterAll
    static void closeFactory() {
        plain.close();
    }

    @Test
    void allFourCallKindsAreRelayedWithoutTheArmeriaListener() throws Exception {
        final double connectionsBefore = armeriaConnections(caller);
        SumCalls.allFour(plain, caller.outboundPort(), "sum");

        // Recorded by the relay in the outbound series, by upstream; no Armeria listener of the caller
        // (private outbound, private inbound, admin) saw a new connection (an idle one may have closed).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(outboundRequests(caller, "sum", "OK")).isGreaterThanOrEqualTo(4));
        assertThat(armeriaConnections(caller)).isLessThanOrEqualTo(connectionsBefore);
    }

    @Test
    void aLargeMessageGoesThroughByteExact() {
        // 4 MiB: past the replay limit (64 KiB), so this call could not be retried; it need not be.
        final byte[] message = new byte[4 << 20];
        ThreadLocalRandom.current().nextBytes(message);
        final AggregatedHttpResponse res = call(caller, "echo", GrpcWire.request(ECHO_METHOD), message);
        assertThat(GrpcWire.status(res)).as("%s %s", res.headers(), res.trailers()).isEqualTo("0");
        assertThat(res.content().length()).isEqualTo(message.length + 5);
        assertThat(Arrays.equals(Arrays.copyOfRange(res.content().array(), 5, message.length + 5), message))
                .isTrue();
    }

    @Test
    void callsAreBalancedOverBothEndpoints() {
        final long before1 = inboundRequests(sum1);
        final long before2 = inboundRequests(sum2);
        final SumServiceGrpc.SumServiceBlockingStub stub = MeshClients.sumBlocking(plain, caller.outboundPort(),
                                                                                   "sum");
        for (int i = 0; i < 100; i++) {
            assertThat(stub.add(AddRequest.newBuilder().setA(i).setB(1).build()).getSum()).isEqualTo(i + 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(
                () -> inboundRequests(sum1) - before1 + inboundRequests(sum2) - before2 >= 100);
        assertThat(inboundRequests(sum1) - before1).isBetween(40L, 60L);
        assertThat(inboundRequests(sum2) - before2).isBetween(40L, 60L);
    }

    @Test
    void anUnavailableEndpointIsRetriedButABodyOverTheReplayLimitIsNot() {
        // Small calls: whichever instance the picker chooses first, every call ends OK (a retry on the
        // other instance); large ones (over 64 KiB) that meet the down instance answer its UNAVAILABLE.
        // Three calls a round over two instances: each kind meets the down one.
        final double retriesBefore = retries(caller, "flaky");
        int bigFailures = 0;
        for (int i = 0; i < 4; i++) {
            final AggregatedHttpResponse big = call(caller, "flaky", GrpcWire.request(ECHO_METHOD), new byte[100 * 1024]);
            if ("14".equals(GrpcWire.status(big))) {
                bigFailures++;
            } else {
                assertThat(GrpcWire.status(big)).isEqualTo("0");
            }
            for (int j = 0; j < 2; j++) {
                assertThat(GrpcWire.status(call(caller, "flaky", GrpcWire.request(ECHO_METHOD), new byte[] { 1 }))).isEqualTo("0");
            }
        }
        assertThat(bigFailures).as("large calls that met the down instance").isPositive();
        assertThat(retries(caller, "flaky") - retriesBefore).as("small calls retried").isPositive();
    }

    @Test
    void expiredGrpcTimeoutIsDeadlineExceededAndResetsTheUpstreamStream() {
        // The connection first, so that the deadline meets the call at the app and not in a TLS handshake.
        assertThat(GrpcWire.status(call(caller, "echo", GrpcWire.request(ECHO_METHOD), new byte[] { 1 }))).isEqualTo("0");
        final int cancelledBefore = grpcEcho.cancelled();
        final AggregatedHttpResponse res = call(caller, "echo", GrpcWire.request(ECHO_METHOD).add("grpc-timeout", "200m")
                                                                            .add(GrpcEchoApp.DELAY_HEADER, "30000"),
                                                new byte[] { 1 });
        assertThat(GrpcWire.status(res)).isEqualTo("4");
        assertThat(res.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("timeout");
        await().atMost(Duration.ofSeconds(10)).until(() -> grpcEcho.cancelled() > cancelledBefore);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(outboundRequests(caller, "echo", "DEADLINE_EXCEEDED")).isPositive());
    }

    @Test
    void unknownServiceAndHttp1AreAnsweredAsByTheArmeriaListener() {
        final AggregatedHttpResponse relayed = call(caller, "nope", GrpcWire.request(ECHO_METHOD), new byte[] { 1 });
        final AggregatedHttpResponse armeria = call(armeriaCaller, "nope", GrpcWire.request(ECHO_METHOD), new byte[] { 1 });
        assertThat(GrpcWire.status(relayed)).isEqualTo("5").isEqualTo(GrpcWire.status(armeria));
        assertThat(relayed.headers().get("grpc-message")).isEqualTo(armeria.headers().get("grpc-message"))
                                                         .contains("unknown service 'nope'");
        assertThat(relayed.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("no_route");

        // HTTP/1.1 (a JSON-less GET, to a gRPC upstream's sidecar) goes through the Armeria path whole.
        final AggregatedHttpResponse h1 = WebClient.builder(SessionProtocol.H1C, com.linecorp.armeria.client.Endpoint
                                                           .of("127.0.0.1", caller.outboundPort()))
                                                   .factory(plain).build()
                                                   .execute(RequestHeaders.builder(HttpMethod.GET, "/")
                                                                          .authority("nope").build())
                                                   .aggregate().join();
        assertThat(h1.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(h1.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("no_route");
    }

    private static AggregatedHttpResponse call(Sidecar from, String authority, RequestHeadersBuilder headers,
                                               byte[] message) {
        return WebClient.builder(SessionProtocol.H2C, com.linecorp.armeria.client.Endpoint
                                         .of("127.0.0.1", from.outboundPort()))
                        .factory(plain).maxResponseLength(0).responseTimeoutMillis(0).build()
                        .execute(HttpRequest.of(headers.authority(authority).build(),
                                                HttpData.wrap(GrpcWire.frame(message))))
                        .aggregate().join();
    }

    private static int endpoints(Sidecar sidecar, String service) {
        final var e = sidecar.meshState().current().endpointsOf(service);
        return e == null ? 0 : e.endpoints().size();
    }

    private static double armeriaConnections(Sidecar sidecar) {
        return sidecar.metrics().registry().find("armeria.server.connections").gauges().stream()
                      .mapToDouble(Gauge::value).sum();
    }

    private static long inboundRequests(Sidecar sidecar) {
        return sidecar.metrics().registry().find("weft.requests").tag("direction", "inbound").timers().stream()
                      .mapToLong(Timer::count).sum();
    }

    private static double retries(Sidecar sidecar, String upstream) {
        return sidecar.metrics().registry().find("weft.upstream.retries").tag("upstream", upstream)
                      .functionCounters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static long outboundRequests(Sidecar sidecar, String upstream, String grpcCode) {
        return sidecar.metrics().registry().find("weft.requests").tags("direction", "outbound", "upstream", upstream,
                                                                      "grpc_code", grpcCode)
                      .timers().stream().mapToLong(Timer::count).sum();
    }
}
