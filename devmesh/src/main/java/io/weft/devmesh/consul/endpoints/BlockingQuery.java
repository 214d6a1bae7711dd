package io.weft.devmesh.consul.endpoints;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.catalog.ConsulApiException;
import io.weft.devmesh.consul.catalog.QueryResult;
import io.weft.devmesh.consul.catalog.Topic;

/**
 * Consul's blocking query without a thread per request. Without {@code index}, or when the result's
 * index already exceeds it, the answer is immediate. Otherwise the request parks as a one-shot
 * listener on its {@link Topic}; each change re-runs the query on the request's event loop and
 * answers once the index moved past {@code index}. At {@code wait} (plus jitter) it answers with
 * whatever is current, usually the same index. Nothing here blocks a thread.
 */
final class BlockingQuery<T> {
    private final ServiceRequestContext ctx;
    private final Catalog catalog;
    private final Topic topic;
    private final Supplier<QueryResult<T>> query;
    private final BiFunction<T, Long, HttpResponse> respond;
    private final QueryOptions options;
    private final CompletableFuture<HttpResponse> response = new CompletableFuture<>();
    private Runnable unsubscribe = () -> {};
    private ScheduledFuture<?> timeout;

    private BlockingQuery(ServiceRequestContext ctx, Catalog catalog, Topic topic, QueryOptions options,
                          Supplier<QueryResult<T>> query, BiFunction<T, Long, HttpResponse> respond) {
        this.ctx = ctx;
        this.catalog = catalog;
        this.topic = topic;
        this.options = options;
        this.query = query;
        this.respond = respond;
    }

    /** A blocking read answered with the JSON {@code render} makes and the query meta headers. */
    static <T> HttpResponse serve(ServiceRequestContext ctx, Catalog catalog, Topic topic, QueryOptions options,
                                  Supplier<QueryResult<T>> query, Function<T, JsonNode> render) {
        return serveWith(ctx, catalog, topic, options, query,
                         (value, index) -> ConsulResponses.json(render.apply(value), index, options.pretty()));
    }

    /**
     * A blocking read whose answer {@code respond} builds from the value and its index (a 404 that
     * still carries {@code X-Consul-Index}, a raw KV value).
     */
    static <T> HttpResponse serveWith(ServiceRequestContext ctx, Catalog catalog, Topic topic, QueryOptions options,
                                      Supplier<QueryResult<T>> query, BiFunction<T, Long, HttpResponse> respond) {
        final QueryResult<T> first = query.get();
        if (options.index() == 0 || first.index() > options.index()) {
            return respond.apply(first.value(), first.index());
        }
        return new BlockingQuery<>(ctx, catalog, topic, options, query, respond).park();
    }

    private HttpResponse park() {
        final Duration wait = options.waitWithJitter();
        ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, wait.plusSeconds(30));
        timeout = ctx.eventLoop().schedule(this::expire, wait.toMillis(), TimeUnit.MILLISECONDS);
        ctx.whenRequestCancelling().thenRun(() -> ctx.eventLoop().execute(this::abandon));
        attempt();
        return HttpResponse.of(response);
    }

    /** Runs on the event loop: subscribe first, then read, so no change can slip in between. */
    private void attempt() {
        if (response.isDone()) {
            return;
        }
        unsubscribe = catalog.watch(topic, () -> ctx.eventLoop().execute(this::attempt));
        try {
            final QueryResult<T> result = query.get();
            if (result.index() > options.index()) {
                finish(respond.apply(result.value(), result.index()));
            }
        } catch (ConsulApiException e) {
            finish(ConsulResponses.error(e));
        }
    }

    private void expire() {
        if (response.isDone()) {
            return;
        }
        try {
            final QueryResult<T> result = query.get();
            finish(respond.apply(result.value(), result.index()));
        } catch (ConsulApiException e) {
            finish(ConsulResponses.error(e));
        }
    }

    private void abandon() {
        unsubscribe.run();
        timeout.cancel(false);
    }

    private void finish(HttpResponse res) {
        abandon();
        response.complete(res);
    }
}
