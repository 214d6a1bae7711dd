package io.weft.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.snapshot.IntentionAction;

/** The intentions watch over HTTP against a fake Consul whose index goes backwards. */
class ConsulIntentionsClientTest {

    /** X-Consul-Index of each answer, in order; then the fake parks the query (never answers). */
    private static final Queue<Long> indexes = new ConcurrentLinkedQueue<>();
    private static final List<String> queries = new CopyOnWriteArrayList<>();
    private static final List<String> tokens = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final ServerExtension consul = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/connect/intentions", (ctx, req) -> {
                queries.add(ctx.query() == null ? "" : ctx.query());
                tokens.add(req.headers().get("X-Consul-Token", ""));
                final Long index = indexes.poll();
                if (index == null) {
                    return HttpResponse.streaming(); // a blocking query with nothing new
                }
                return HttpResponse.of(
                        ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.JSON)
                                       .add("X-Consul-Index", String.valueOf(index)).build(),
                        com.linecorp.armeria.common.HttpData.ofUtf8(
                                "[{\"SourceName\":\"hello\",\"DestinationName\":\"sum\",\"Action\":\"deny\"," +
                                "\"Precedence\":9,\"Rev\":" + index + "}]"));
            });
            sb.requestTimeout(Duration.ZERO);
        }
    };

    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ClientFactory factory = ClientFactory.builder().build();

    @AfterEach
    void tearDown() {
        factory.close();
        scheduler.shutdownNow();
        blocking.shutdownNow();
    }

    @Test
    void followsTheIndexStartsOverWhenItGoesBackwardsAndSendsTheToken() {
        indexes.addAll(List.of(10L, 12L, 5L));
        final List<List<Intention>> values = new CopyOnWriteArrayList<>();
        final BlockingQuery<List<Intention>> query =
                new ConsulIntentionsClient(consul.httpUri(), "acl-token", Duration.ofSeconds(30), factory, blocking)
                        .intentions();
        try (WatchLoop<List<Intention>> loop = new WatchLoop<>(
                "intentions", query,
                WatchSettings.of(Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(10),
                                 Duration.ofMillis(50)),
                scheduler, Clock.systemUTC(), new WatchLoop.Listener<>() {
                    @Override
                    public void onValue(List<Intention> value) {
                        values.add(value);
                    }

                    @Override
                    public void onError(Throwable cause) {}
                })) {
            loop.start();
            await().until(() -> queries.size() == 4);
            // No index first; then the returned ones; after 12 -> 5 it starts over without an index.
            assertThat(queries).containsExactly("", "index=10&wait=30s", "index=12&wait=30s", "");
            assertThat(tokens).containsOnly("acl-token");
            assertThat(values).hasSize(3)
                              .allSatisfy(v -> assertThat(v).containsExactly(
                                      new Intention("hello", "sum", IntentionAction.DENY, 9)));
        }
    }
}
