package io.weft.sidecar.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.logging.RequestLog;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;

/**
 * Retries without Armeria's {@code RetryingClient}: the first attempt runs on the request's own context,
 * a retry is fed the kept body plus the rest of the stream, a body over the replay limit is never retried,
 * and kept chunks are released when the request commits.
 */
class ReplayTest {

    @Test
    void theFirstAttemptRunsOnTheRequestsOwnContext() {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 1);
             ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            final AggregatedHttpResponse res = f.client.put("/", "work").aggregate().join();
            assertThat(res.status().code()).isEqualTo(200);
            final ClientRequestContext ctx = captor.get();
            final RequestLog log = ctx.log().whenComplete().join();
            assertThat(log.children()).as("no derived context per attempt").isEmpty();
            assertThat(log.responseHeaders().status().code()).isEqualTo(200);
            assertThat(log.requestLength()).isEqualTo(4);
        }
    }

    @Test
    void aRetryIsFedTheWholeBodyAlsoWhenItArrivesAfterTheFirstAttemptFailed() throws Exception {
        try (Fixture f = Fixture.equal(ClusterPolicy.ofDefault(), 2)) {
            f.backend(0).stop(); // the first attempt fails at once, before most of the body exists
            f.backend(1).recordBodies();
            for (int i = 0; i < 4; i++) {
                final HttpRequestWriter req = HttpRequest.streaming(RequestHeaders.of(HttpMethod.PUT, "/"));
                final CompletableFuture<AggregatedHttpResponse> res = f.client.execute(req).aggregate();
                req.write(HttpData.ofUtf8("first,"));
                // The rest is sent once an attempt is at the live backend: after the failed one, if any.
                Fixture.waitUntil(() -> f.status(1).inFlight() > 0);
                req.write(HttpData.ofUtf8("second"));
                req.close();
                assertThat(res.get(30, TimeUnit.SECONDS).status().code()).isEqualTo(200);
            }
            assertThat(f.backend(1).hits()).isEqualTo(4);
            assertThat(f.backend(1).lastBody()).isEqualTo("first,second");
            assertThat(f.cluster.retriesTotal()).isPositive();
        }
    }

    @Test
    void aBodyLargerThanTheReplayLimitIsNeverRetried() {
        final ClusterPolicy policy = ClusterPolicy.builder().retryReplayLimit(16).build();
        try (Fixture f = Fixture.equal(policy, 3)) {
            f.backends.forEach(b -> b.behave(Backend.UNAVAILABLE_503));
            assertThat(f.client.put("/", "x".repeat(17)).aggregate().join().status().code()).isEqualTo(503);
            assertThat(f.totalHits()).isEqualTo(1);
            assertThat(f.cluster.retriesTotal()).isZero();

            assertThat(f.client.put("/", "x".repeat(16)).aggregate().join().status().code()).isEqualTo(503);
            assertThat(f.totalHits()).as("within the limit: the first attempt and two retries").isEqualTo(4);
            assertThat(f.cluster.retriesTotal()).isEqualTo(2);
        }
    }

    @Test
    void keptChunksAreReleasedWhenTheRequestCommits() {
        final EventExecutor executor = new DefaultEventExecutor();
        try {
            final HttpRequestWriter source = HttpRequest.streaming(RequestHeaders.of(HttpMethod.PUT, "/"));
            final List<ByteBuf> sent = new ArrayList<>();
            for (String chunk : new String[] { "one", "two" }) {
                final ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer()
                                                                  .writeBytes(chunk.getBytes(StandardCharsets.UTF_8));
                sent.add(buf);
                source.write(HttpData.wrap(buf));
            }
            source.close();
            final ReplayBuffer body = new ReplayBuffer(source, 1024, executor, null);
            final HttpRequestWriter attempt = HttpRequest.streaming(RequestHeaders.of(HttpMethod.PUT, "/"));
            executor.submit(() -> body.start(attempt)).syncUninterruptibly();
            // The attempt takes the body (and releases its copies, as a client does once written).
            assertThat(attempt.aggregate().join().contentUtf8()).isEqualTo("onetwo");
            executor.submit(() -> assertThat(body.whenComplete()).isDone()).syncUninterruptibly();
            assertThat(sent).allSatisfy(buf -> assertThat(buf.refCnt()).as("kept for a retry").isOne());
            executor.submit(body::commit).syncUninterruptibly();
            assertThat(sent).allSatisfy(buf -> assertThat(buf.refCnt()).as("released on commit").isZero());
        } finally {
            executor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }
}
