package io.weft.sidecar.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.grpc.protocol.GrpcHeaderNames;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.AttributeKey;

/**
 * {@code weft.requests} through a real listener: each response lands in its class, a request after the first
 * of its kind touches no registry, the histogram has the documented buckets, and label values are bounded.
 */
class RequestMetricsTest {
    private static final AttributeKey<String> UPSTREAM = AttributeKey.valueOf(RequestMetricsTest.class, "UPSTREAM");

    private final SidecarMetrics metrics = new SidecarMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    /**
     * {@code /<upstream>/<status>} answers that status; {@code ?trailer=<code>} adds a {@code grpc-status}
     * trailer, {@code ?header=<code>} sends it in the headers (a trailers-only gRPC response).
     */
    @RegisterExtension
    final ServerExtension server = new ServerExtension() {
        @Override
        protected boolean runForEachTest() {
            return true; // each test gets its own registry
        }

        @Override
        protected void configure(ServerBuilder sb) {
            final HttpService answer = (ctx, req) -> {
                ctx.setAttr(UPSTREAM, ctx.pathParam("upstream"));
                final ResponseHeaders headers = ctx.queryParam("header") == null
                        ? ResponseHeaders.of(Integer.parseInt(ctx.pathParam("status")))
                        : ResponseHeaders.builder(Integer.parseInt(ctx.pathParam("status")))
                                         .add(GrpcHeaderNames.GRPC_STATUS, ctx.queryParam("header")).build();
                final String trailer = ctx.queryParam("trailer");
                return trailer == null ? HttpResponse.of(headers)
                                       : HttpResponse.of(headers, HttpData.empty(),
                                                         HttpHeaders.of(GrpcHeaderNames.GRPC_STATUS, trailer));
            };
            sb.service("/{upstream}/{status}",
                       RequestMetricsService.outbound(answer, metrics, ctx -> ctx.attr(UPSTREAM)));
        }
    };

    @ParameterizedTest
    @CsvSource({
            "200,    , 2xx,  none",
            "200,   0, 2xx,  OK",
            "200,  14, 2xx,  UNAVAILABLE",
            "200,  16, 2xx,  UNAUTHENTICATED",
            "200,  17, 2xx,  UNKNOWN",
            "200, abc, 2xx,  UNKNOWN",
            "200,  '', 2xx,  UNKNOWN",
            "101,    , 1xx,  none",
            "304,    , 3xx,  none",
            "404,    , 4xx,  none",
            "503,    , 5xx,  none",
            "503,   4, 5xx,  DEADLINE_EXCEEDED",
            " -1,    , none, none",
            "  0,    , none, none",
            "600,    , none, none",
    })
    void eachResponseHasOneClass(int status, String grpcStatus, String statusClass, String grpcCode) {
        final int responseClass = ResponseClass.of(status, grpcStatus);
        assertThat(responseClass).isBetween(0, ResponseClass.COUNT - 1);
        assertThat(ResponseClass.statusClass(responseClass)).isEqualTo(statusClass);
        assertThat(ResponseClass.grpcCode(responseClass)).isEqualTo(grpcCode);
    }

    @Test
    void requestsAreCountedByUpstreamStatusClassAndGrpcCode() {
        send("/sum/200?trailer=0", "/sum/200?trailer=0", "/sum/200?header=14", "/echo/204", "/echo/404",
             "/echo/503");
        awaitCount("sum", "2xx", "OK", 2);
        awaitCount("sum", "2xx", "UNAVAILABLE", 1);
        awaitCount("echo", "2xx", "none", 1);
        awaitCount("echo", "4xx", "none", 1);
        awaitCount("echo", "5xx", "none", 1);
        assertThat(metrics.registry().find(RequestSeries.NAME).timers()).hasSize(5)
                          .allSatisfy(t -> assertThat(t.getId().getTag("peer")).isEqualTo("self"));
    }

    @Test
    void aRequestAfterTheFirstOfItsKindTouchesNoRegistry() {
        final String[] kinds = { "/sum/200?trailer=0", "/sum/200?trailer=14", "/echo/200", "/echo/503" };
        send(kinds);
        await().untilAsserted(() -> assertThat(totalCount()).isEqualTo(kinds.length));
        final List<Timer> timers = List.copyOf(metrics.registry().find(RequestSeries.NAME).timers());

        // Whatever the request path looked up or registered now would reappear in the emptied registry.
        metrics.registry().clear();
        send(kinds);
        send(kinds);
        await().untilAsserted(() -> assertThat(timers).allSatisfy(t -> assertThat(t.count()).isEqualTo(3)));
        assertThat(metrics.registry().getMeters()).isEmpty();

        // The first request of a new kind registers its timer, and only that.
        send("/echo/404");
        await().untilAsserted(() -> assertThat(metrics.registry().getMeters()).hasSize(1));
    }

    @Test
    void latencyHistogramHasTheDocumentedBuckets() {
        send("/sum/200?trailer=0", "/echo/200");
        awaitCount("echo", "2xx", "none", 1);
        awaitCount("sum", "2xx", "OK", 1);
        final Pattern bucket = Pattern.compile("weft_requests_seconds_bucket\\{(.*)le=\"([^\"]+)\"(.*)} \\d+");
        final Map<String, List<String>> bounds =
                metrics.registry().scrape().lines().map(bucket::matcher).filter(Matcher::matches)
                       .collect(Collectors.groupingBy(m -> m.group(1) + m.group(3),
                                                      Collectors.mapping(m -> m.group(2), Collectors.toList())));
        // As Prometheus's text format writes them (5.0E-4, not 0.0005): what a query's le must match.
        final List<String> documented = List.of("5.0E-4", "0.001", "0.002", "0.003", "0.005", "0.0075", "0.01",
                                                "0.015", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "1.0",
                                                "2.5", "5.0", "10.0", "+Inf");
        assertThat(documented).hasSizeLessThanOrEqualTo(20);
        assertThat(bounds).hasSize(2).allSatisfy((series, le) -> assertThat(le).isEqualTo(documented));
    }

    @Test
    void labelValuesAreBounded() {
        for (int i = 0; i < MetersByLabel.MAX_VALUES + 50; i++) {
            metrics.denied("caller-" + i, "default");
        }
        final var denied = metrics.registry().find("weft.authz.denied").counters();
        assertThat(denied).hasSize(MetersByLabel.MAX_VALUES + 1);
        assertThat(metrics.registry().get("weft.authz.denied").tag("peer", MetersByLabel.OVERFLOW).counter().count())
                .isEqualTo(50);
        assertThat(denied).filteredOn(c -> !c.getId().getTag("peer").equals(MetersByLabel.OVERFLOW))
                          .extracting(Counter::count).containsOnly(1.0);
    }

    @Test
    void noUpstreamIsLabelledNone() {
        final MetersByLabel<RequestSeries> series = metrics.forwardedRequests(SidecarMetrics.DIRECTION_EDGE, "edge");
        series.get(null).timer(ResponseClass.of(404, null)).record(Duration.ofMillis(1));
        assertThat(metrics.registry().get(RequestSeries.NAME).tags("upstream", "none", "direction", "edge",
                                                                   "status_class", "4xx").timer().count())
                .isEqualTo(1);
    }

    @Test
    void onlyTheListedArmeriaMetersAreKept() {
        Counter.builder("armeria.server.router.virtual.host.cache.requests").register(metrics.registry());
        Counter.builder("armeria.server.tls.handshakes").register(metrics.registry());
        assertThat(metrics.registry().getMeters()).extracting(m -> m.getId().getName())
                                                  .containsExactly("armeria.server.tls.handshakes");
    }

    private void send(String... paths) {
        final BlockingWebClient client = server.blockingWebClient();
        for (String path : paths) {
            client.get(path);
        }
    }

    private void awaitCount(String upstream, String statusClass, String grpcCode, long expected) {
        await().untilAsserted(() -> {
            final Timer timer = metrics.registry().find(RequestSeries.NAME)
                                       .tags("direction", "outbound", "upstream", upstream,
                                             "status_class", statusClass, "grpc_code", grpcCode).timer();
            assertThat(timer).isNotNull();
            assertThat(timer.count()).isEqualTo(expected);
        });
    }

    private long totalCount() {
        return metrics.registry().find(RequestSeries.NAME).timers().stream().mapToLong(Timer::count).sum();
    }
}
