package io.weft.sidecar.admin;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.weft.common.annotation.Nullable;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.prometheus.PrometheusExpositionService;

import io.weft.sidecar.metrics.SidecarMetrics;

/**
 * The admin listener's routes (loopback, default 127.0.0.1:15000):
 * {@code /healthz} (the app accepts connections; Consul's check), {@code /readyz}, {@code /metrics}
 * (Prometheus), {@code /config} and {@code /certs} (JSON), and {@code POST /quitquitquit}, with which the
 * local app ends its sidecar (a job that is done): only from a loopback address, since the admin
 * listener may be bound wider for health checks.
 */
public final class AdminService {
    // java.time values (e.g. when the transcoder last loaded descriptors) render as ISO-8601 strings.
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
                                                               .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                                                               .enable(SerializationFeature.INDENT_OUTPUT);

    private final SidecarStatus status;
    private final SidecarMetrics metrics;
    @Nullable
    private final AppHealthCheck appHealth;
    private final Executor blockingExecutor;

    /** @param appHealth {@code null} in gateway mode (no app) */
    public AdminService(SidecarStatus status, SidecarMetrics metrics, @Nullable AppHealthCheck appHealth,
                        Executor blockingExecutor) {
        this.status = status;
        this.metrics = metrics;
        this.appHealth = appHealth;
        this.blockingExecutor = blockingExecutor;
    }

    public void configure(ServerBuilder sb) {
        sb.service("/healthz", (ctx, req) -> HttpResponse.of(healthz()));
        sb.service("/readyz", (ctx, req) -> status.ready()
                                            ? HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ready\n")
                                            : HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE,
                                                              MediaType.PLAIN_TEXT_UTF_8,
                                                              "not ready: " + status.readinessDetail() + '\n'));
        // Rendering these walks every meter or endpoint. The sidecar's few event loops also carry the data
        // path, so a scrape must not run on one: these run on the blocking task executor.
        sb.service("/metrics", offEventLoop(PrometheusExpositionService.of(metrics.registry().getPrometheusRegistry())));
        sb.service("/config", offEventLoop((ctx, req) -> json(status.configView())));
        sb.service("/certs", offEventLoop((ctx, req) -> json(status.certs())));
        sb.service("/quitquitquit", (ctx, req) -> quit(ctx.method(), ctx.remoteAddress().getAddress()));
    }

    private HttpResponse quit(HttpMethod method, InetAddress caller) {
        if (method != HttpMethod.POST) {
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
                                                  .add(HttpHeaderNames.ALLOW, "POST")
                                                  .contentType(MediaType.PLAIN_TEXT_UTF_8).build(),
                                   HttpData.ofUtf8("/quitquitquit: method " + method + " (expected: POST)\n"));
        }
        if (!caller.isLoopbackAddress()) {
            return HttpResponse.of(HttpStatus.FORBIDDEN, MediaType.PLAIN_TEXT_UTF_8,
                                   "/quitquitquit: caller " + caller.getHostAddress() +
                                   " (expected: a loopback address, the app next to this sidecar)\n");
        }
        status.requestQuit();
        return HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "quitting\n");
    }

    private static HttpService offEventLoop(HttpService service) {
        return (ctx, req) -> HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            try {
                return service.serve(ctx, req);
            } catch (Exception e) {
                return HttpResponse.ofFailure(e);
            }
        }, ctx.blockingTaskExecutor()));
    }

    private CompletableFuture<HttpResponse> healthz() {
        if (appHealth == null) {
            return CompletableFuture.completedFuture(
                    HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ok\n"));
        }
        return CompletableFuture.supplyAsync(appHealth::check, blockingExecutor).thenApply(problem -> problem == null
                ? HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ok\n")
                : HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, problem + '\n'));
    }

    private static HttpResponse json(Object value) {
        try {
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8,
                                   "cannot render JSON: " + e.getMessage());
        }
    }
}
