package io.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.weft.common.annotation.Nullable;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.WebClientBuilder;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;

import io.weft.controlplane.snapshot.Intention;

/**
 * Reads intentions with Armeria's {@link WebClient}: consul-api has no call for them. The request is
 * non-blocking; the body is parsed on {@code blockingExecutor}, off the event loop.
 */
public final class ConsulIntentionsClient {

    static final String PATH = "/v1/connect/intentions";

    private final WebClient client;
    private final Executor blockingExecutor;

    public ConsulIntentionsClient(URI consulUri, Duration maxWait, ClientFactory factory,
                                  Executor blockingExecutor) {
        this(consulUri, null, maxWait, factory, blockingExecutor);
    }

    /** With {@code token} (a Consul ACL token, or null) on every request. */
    public ConsulIntentionsClient(URI consulUri, @Nullable String token, Duration maxWait, ClientFactory factory,
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

    public BlockingQuery<List<Intention>> intentions() {
        return (index, wait) -> {
            final QueryParams params = index > 0
                                       ? QueryParams.of("index", String.valueOf(index),
                                                        "wait", Math.max(1, wait.toSeconds()) + "s")
                                       : QueryParams.of();
            final CompletableFuture<AggregatedHttpResponse> response =
                    client.get(PATH + (params.isEmpty() ? "" : "?" + params.toQueryString())).aggregate();
            return response.thenApplyAsync(res -> {
                if (!res.status().equals(HttpStatus.OK)) {
                    throw new IllegalStateException("GET " + PATH + ": " + res.status() + ' ' +
                                                    res.contentUtf8());
                }
                final String header = res.headers().get("X-Consul-Index");
                final long newIndex;
                try {
                    newIndex = header != null ? Long.parseLong(header.trim()) : 0;
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("GET " + PATH + ": X-Consul-Index " + header +
                                                    " (expected: a number)", e);
                }
                return new QueryResult<>(IntentionsJson.parse(res.contentUtf8()), newIndex);
            }, blockingExecutor);
        };
    }
}
