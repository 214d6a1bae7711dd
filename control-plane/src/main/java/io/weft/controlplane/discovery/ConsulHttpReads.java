package io.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.WebClientBuilder;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;

import io.weft.common.annotation.Nullable;

/**
 * Consul reads over Armeria's {@link WebClient} as blocking queries: {@code index}/{@code wait} on every
 * query but the first, the answer's {@code X-Consul-Index}, any status but 200 an error naming the path.
 * The request is non-blocking; the body is parsed on {@code blockingExecutor}, off the event loop.
 */
public final class ConsulHttpReads {

    private final WebClient client;
    private final Executor blockingExecutor;

    /** With {@code token} (a Consul ACL token, or null) on every request. */
    public ConsulHttpReads(URI consulUri, @Nullable String token, Duration maxWait, ClientFactory factory,
                           Executor blockingExecutor) {
        final WebClientBuilder builder = WebClient.builder(requireNonNull(consulUri, "consulUri"))
                                                  .factory(requireNonNull(factory, "factory"))
                                                  .responseTimeout(ConsulCatalogClient.readTimeout(maxWait));
        if (token != null) {
            builder.setHeader("X-Consul-Token", token);
        }
        client = builder.build();
        this.blockingExecutor = requireNonNull(blockingExecutor, "blockingExecutor");
    }

    /** A blocking query of {@code path} whose body {@code parse} turns into a value (or throws). */
    public <T> BlockingQuery<T> query(String path, Function<String, T> parse) {
        return (index, wait) -> {
            final QueryParams params = index > 0
                                       ? QueryParams.of("index", String.valueOf(index),
                                                        "wait", Math.max(1, wait.toSeconds()) + "s")
                                       : QueryParams.of();
            final CompletableFuture<AggregatedHttpResponse> response =
                    client.get(path + (params.isEmpty() ? "" : "?" + params.toQueryString())).aggregate();
            return response.thenApplyAsync(res -> {
                if (!res.status().equals(HttpStatus.OK)) {
                    throw new IllegalStateException("GET " + path + ": " + res.status() + ' ' + res.contentUtf8());
                }
                final String header = res.headers().get("X-Consul-Index");
                final long newIndex;
                try {
                    newIndex = header != null ? Long.parseLong(header.trim()) : 0;
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("GET " + path + ": X-Consul-Index " + header +
                                                    " (expected: a number)", e);
                }
                return new QueryResult<>(parse.apply(res.contentUtf8()), newIndex);
            }, blockingExecutor);
        };
    }
}
