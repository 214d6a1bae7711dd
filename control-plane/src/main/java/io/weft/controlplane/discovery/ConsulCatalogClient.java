package io.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.weft.common.annotation.Nullable;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.ConsulRawClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.catalog.CatalogServicesRequest;
import com.ecwid.consul.v1.health.HealthServicesRequest;
import com.ecwid.consul.v1.health.model.HealthService;

/**
 * Catalog and health reads through consul-api. Its calls block, so each runs on {@code blockingExecutor}.
 *
 * <p>Uses its own pooled HTTP client: one connection per watched service may be parked in a blocking
 * query at once (consul-api's default pool stops at 500 per host), and the read timeout follows
 * {@code wait} plus Consul's jitter (wait/16) plus a margin. Closing it aborts parked queries.
 */
public final class ConsulCatalogClient implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ConsulCatalogClient.class);
    private static final String CONSUL_SERVICE = "consul";

    private final ConsulClient consul;
    private final CloseableHttpClient httpClient;
    private final Executor blockingExecutor;
    @Nullable
    private final String token;

    public ConsulCatalogClient(URI consulUri, Duration maxWait, Executor blockingExecutor) {
        this(consulUri, null, maxWait, blockingExecutor);
    }

    /** With {@code token} (a Consul ACL token, or null) on every request. */
    public ConsulCatalogClient(URI consulUri, @Nullable String token, Duration maxWait, Executor blockingExecutor) {
        this.token = token;
        requireNonNull(consulUri, "consulUri");
        this.blockingExecutor = requireNonNull(blockingExecutor, "blockingExecutor");
        final PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setMaxTotal(20_000);
        pool.setDefaultMaxPerRoute(20_000);
        final int readTimeout = Math.toIntExact(readTimeout(maxWait).toMillis());
        httpClient = HttpClientBuilder.create()
                                      .setConnectionManager(pool)
                                      .disableAutomaticRetries()
                                      .setDefaultRequestConfig(RequestConfig.custom()
                                                                            .setConnectTimeout(5_000)
                                                                            .setConnectionRequestTimeout(5_000)
                                                                            .setSocketTimeout(readTimeout)
                                                                            .build())
                                      .build();
        final ConsulRawClient.Builder raw = ConsulRawClient.Builder.builder()
                                                                   .setHost(consulUri.getScheme() + "://" +
                                                                            consulUri.getHost())
                                                                   .setHttpClient(httpClient);
        if (consulUri.getPort() > 0) {
            raw.setPort(consulUri.getPort());
        }
        if (consulUri.getPath() != null && !consulUri.getPath().isEmpty() && !"/".equals(consulUri.getPath())) {
            raw.setPath(consulUri.getPath());
        }
        consul = new ConsulClient(raw.build());
    }

    /** {@code wait} plus Consul's up-to-wait/16 jitter plus a margin for a slow answer. */
    static Duration readTimeout(Duration wait) {
        return wait.plus(wait.dividedBy(16)).plusSeconds(15);
    }

    /** Watches {@code /v1/catalog/services}: the names of every service but Consul itself. */
    public BlockingQuery<Set<String>> services() {
        return (index, wait) -> CompletableFuture.supplyAsync(() -> {
            final Response<Map<String, List<String>>> response = consul.getCatalogServices(
                    CatalogServicesRequest.newBuilder().setQueryParams(params(index, wait)).setToken(token)
                                          .build());
            final Set<String> names = new TreeSet<>(response.getValue().keySet());
            names.remove(CONSUL_SERVICE);
            return new QueryResult<>(names, indexOf(response));
        }, blockingExecutor);
    }

    /**
     * Watches {@code /v1/health/service/<service>}: every instance with its checks, whatever their status,
     * so the status API can show an instance going critical; only passing ones become endpoints.
     */
    public BlockingQuery<List<HealthService>> instances(String service) {
        requireNonNull(service, "service");
        return (index, wait) -> CompletableFuture.supplyAsync(() -> {
            final Response<List<HealthService>> response = consul.getHealthServices(
                    service, HealthServicesRequest.newBuilder()
                                                  .setQueryParams(params(index, wait))
                                                  .setToken(token)
                                                  .build());
            return new QueryResult<>(response.getValue(), indexOf(response));
        }, blockingExecutor);
    }

    static QueryParams params(long index, Duration wait) {
        final QueryParams.Builder params = QueryParams.Builder.builder();
        if (index > 0) {
            params.setIndex(index).setWaitTime(Math.max(1, wait.toSeconds()));
        }
        return params.build();
    }

    private static long indexOf(Response<?> response) {
        final Long index = response.getConsulIndex();
        return index != null ? index : 0;
    }

    @Override
    public void close() {
        try {
            httpClient.close();
        } catch (IOException e) {
            logger.debug("Closing the Consul HTTP client failed", e);
        }
    }
}
