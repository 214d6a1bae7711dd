package io.weft.demo.hello.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.grpc.Status;
import io.weft.demo.hello.FakeSum;
import io.weft.demo.hello.HelloTestServers;

/** {@code /sum} when {@code sum} is down, slow or failing: JSON naming the upstream and the gRPC status. */
class UpstreamFailureTest {

    private static final URI NOTHING_LISTENS = URI.create("http://127.0.0.1:" + freePort());

    @RegisterExtension
    @Order(1)
    static final FakeSum fakeSum = new FakeSum();

    @RegisterExtension
    @Order(2)
    static final ServerExtension helloWithSumDown = HelloTestServers.extension(() -> NOTHING_LISTENS);

    // Two hellos in front of the fake sum: one patient (a failing call must fail with sum's own status,
    // not with a deadline, however slow the machine), one impatient (for the deadline case).
    @RegisterExtension
    @Order(3)
    static final ServerExtension helloWithFakeSum =
            HelloTestServers.extension(fakeSum::httpUri, Duration.ofSeconds(60));

    @RegisterExtension
    @Order(4)
    static final ServerExtension helloWithShortDeadline =
            HelloTestServers.extension(fakeSum::httpUri, Duration.ofMillis(300));

    @Test
    void sumDownIsServiceUnavailableNamingTheUpstream() {
        final AggregatedHttpResponse response = helloWithSumDown.blockingWebClient().get("/sum?a=1&b=2");
        assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8())
                .startsWith("{\"error\":\"sum at " + NOTHING_LISTENS + " (authority sum) failed: UNAVAILABLE: ")
                .contains("Connection refused")
                .endsWith("\"upstream\":\"" + NOTHING_LISTENS + "\",\"grpcStatus\":\"UNAVAILABLE\"}");
        assertThat(response.headers().get("x-weft-instance")).isEqualTo(HelloTestServers.INSTANCE_ID);
    }

    @Test
    void sumFailingIsBadGatewayWithItsStatus() throws Exception {
        final var pending = helloWithFakeSum.webClient().get("/sum?a=1&b=2").aggregate();
        fakeSum.nextCall().response().onError(Status.INTERNAL.withDescription("disk on fire").asRuntimeException());
        final AggregatedHttpResponse response = pending.join();
        assertThat(response.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(response.contentUtf8()).isEqualTo(
                "{\"error\":\"sum at " + fakeSum.httpUri() + " (authority sum) failed: INTERNAL: disk on fire\"," +
                "\"upstream\":\"" + fakeSum.httpUri() + "\",\"grpcStatus\":\"INTERNAL\"}");
    }

    @Test
    void sumTooSlowIsGatewayTimeout() throws Exception {
        final var pending = helloWithShortDeadline.webClient().get("/sum?a=1&b=2").aggregate();
        fakeSum.nextCall(); // and never answer it
        final AggregatedHttpResponse response = pending.join();
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(response.contentUtf8()).contains("\"grpcStatus\":\"DEADLINE_EXCEEDED\"");
    }

    @Test
    void upstreamErrorsMapToGatewayStatuses() {
        assertThat(UpstreamErrors.httpStatus(Status.Code.INVALID_ARGUMENT)).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(UpstreamErrors.httpStatus(Status.Code.UNAVAILABLE)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(UpstreamErrors.httpStatus(Status.Code.DEADLINE_EXCEEDED)).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(UpstreamErrors.httpStatus(Status.Code.UNIMPLEMENTED)).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(UpstreamErrors.httpStatus(Status.Code.PERMISSION_DENIED)).isEqualTo(HttpStatus.BAD_GATEWAY);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
