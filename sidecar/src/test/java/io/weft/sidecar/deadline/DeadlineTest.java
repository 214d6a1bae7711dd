package io.weft.sidecar.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.weft.sidecar.failure.FailureRescue;
import io.weft.sidecar.failure.FailureResponses;

/**
 * {@code grpc-timeout} is read once per hop, by the deadline layer, into the hop's one timer: the
 * listener's request timeout. The layer only shortens it; when it passes, the listener's rescue answers
 * {@code TIMEOUT} in the caller's language (gRPC: {@code grpc-status: 4}).
 */
class DeadlineTest {

    private static final Duration LISTENER_TIMEOUT = Duration.ofSeconds(20);

    /** The contexts of requests the stalling service received, to read the timer they were given. */
    static final BlockingQueue<ServiceRequestContext> seen = new LinkedBlockingQueue<>();

    @RegisterExtension
    static final ServerExtension server = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.requestTimeout(LISTENER_TIMEOUT)
              .serviceUnder("/", Deadline.layer((ctx, req) -> {
                  seen.add(ctx);
                  return HttpResponse.of(new CompletableFuture<HttpResponse>()); // never answers
              }, LISTENER_TIMEOUT))
              .errorHandler(FailureRescue.of(ctx -> "the stalling app"));
        }
    };

    @BeforeEach
    void clear() {
        seen.clear();
    }

    @Test
    void aSmallerGrpcTimeoutShortensTheHopsOneTimerAndExpiresAsDeadlineExceeded() throws Exception {
        final AggregatedHttpResponse res = send(grpc("150m"));
        assertThat(timerOfLastRequest()).isEqualTo(150);
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("grpc-status")).isEqualTo("4");
        assertThat(res.headers().get(FailureResponses.FAILURE_HEADER)).isEqualTo("timeout");
        assertThat(res.headers().get("grpc-message")).contains("the stalling app");
    }

    @Test
    void anExpiredGrpcTimeoutEndsTheCallAtOnce() throws Exception {
        final AggregatedHttpResponse res = send(grpc("0m"));
        assertThat(res.headers().get("grpc-status")).isEqualTo("4");
    }

    @Test
    void aLongerOrMalformedGrpcTimeoutLeavesTheListenersTimeout() throws Exception {
        for (String value : new String[] { "1H", "soon", "123456789S" }) {
            final CompletableFuture<AggregatedHttpResponse> res = client().execute(grpc(value)).aggregate();
            assertThat(timerOfLastRequest()).as(value).isEqualTo(LISTENER_TIMEOUT.toMillis());
            res.cancel(true);
        }
    }

    @Test
    void aPlainHttpCallerGets504AsText() throws Exception {
        final WebClient web = WebClient.builder(server.httpUri()).responseTimeoutMillis(10_000).build();
        final CompletableFuture<AggregatedHttpResponse> res = web.get("/x").aggregate();
        final ServiceRequestContext ctx = seen.poll(10, TimeUnit.SECONDS);
        assertThat(ctx).isNotNull();
        ctx.setRequestTimeout(Duration.ofMillis(1)); // as if the listener's timeout passed
        final AggregatedHttpResponse answered = res.get(10, TimeUnit.SECONDS);
        assertThat(answered.status().code()).isEqualTo(504);
        assertThat(answered.contentType().subtype()).isEqualTo("plain");
        assertThat(answered.contentUtf8()).contains("the stalling app did not answer before the request's deadline");
    }

    @Test
    void theParserReadsEveryUnitAndNamesTheFormOnError() {
        assertThat(GrpcTimeout.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(GrpcTimeout.parse("3M")).isEqualTo(Duration.ofMinutes(3));
        assertThat(GrpcTimeout.parse("15S")).isEqualTo(Duration.ofSeconds(15));
        assertThat(GrpcTimeout.parse("250m")).isEqualTo(Duration.ofMillis(250));
        assertThat(GrpcTimeout.parse("1500u")).isEqualTo(Duration.ofNanos(1_500_000));
        assertThat(GrpcTimeout.parse("99999999n")).isEqualTo(Duration.ofNanos(99_999_999));
        assertThat(GrpcTimeout.parse("0m")).isZero();
        for (String bad : new String[] { "", "5", "m", "123456789S", "5s", "-5S", "5 S" }) {
            assertThatThrownBy(() -> GrpcTimeout.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("grpc-timeout: '" + bad + "'")
                    .hasMessageContaining("expected: 1-8 digits");
        }
        assertThat(GrpcTimeout.tryParse("soon")).isEmpty();
        assertThat(GrpcTimeout.tryParse(null)).isEmpty();
    }

    private static long timerOfLastRequest() throws InterruptedException {
        final ServiceRequestContext ctx = seen.poll(10, TimeUnit.SECONDS);
        assertThat(ctx).as("the request reached the service").isNotNull();
        return ctx.requestTimeoutMillis();
    }

    private static AggregatedHttpResponse send(HttpRequest req) throws Exception {
        return client().execute(req).aggregate().get(10, TimeUnit.SECONDS);
    }

    private static WebClient client() {
        return WebClient.builder(server.uri(com.linecorp.armeria.common.SessionProtocol.H2C))
                        .responseTimeoutMillis(10_000).build();
    }

    private static HttpRequest grpc(String timeout) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, "/pkg.Svc/Method")
                                                            .contentType(MediaType.parse("application/grpc"))
                                                            .add("te", "trailers")
                                                            .add("grpc-timeout", timeout);
        return HttpRequest.of(headers.build(), HttpData.wrap(new byte[5]));
    }
}
