package io.weft.sidecar.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.logging.RequestLogProperty;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import io.netty.channel.Channel;
import io.weft.sidecar.testing.StreamedResponse;

/**
 * A rotation drains the TLS connections opened before it: an idle one closes at once, one with a stream open
 * closes when that stream ends without resetting it, and a plain-text one is left alone.
 */
class RotationDrainTest {

    private static final BlockingQueue<HttpResponseWriter> held = new LinkedBlockingQueue<>();

    @RegisterExtension
    static final ServerExtension server = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.http(0).https(0).tlsSelfSigned()
              .requestTimeoutMillis(0)
              .service("/ok", (ctx, req) -> HttpResponse.of("ok"))
              .service("/hold", (ctx, req) -> { // answers headers now, the rest when the test says
                  final HttpResponseWriter writer = HttpResponse.streaming();
                  writer.write(ResponseHeaders.of(HttpStatus.OK));
                  held.add(writer);
                  return writer;
              });
        }
    };

    private final RotationDrain drain = new RotationDrain();
    // One event loop: a close the drain schedules has run once a task queued after it has.
    private final ClientFactory factory = ClientFactory.builder().workerGroup(1).tlsNoVerify()
                                                       .connectionPoolListener(drain).build();

    @AfterEach
    void close() {
        factory.close();
        held.clear();
    }

    @Test
    void anIdleTlsConnectionOpenedBeforeTheRotationClosesAtOnce() {
        final Channel tls = channelOf(SessionProtocol.HTTPS);
        assertThat(tls.isActive()).isTrue();

        drain.rotated();

        assertThat(tls.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server().numConnections() == 0);
        // the next request opens a new connection, which this rotation leaves alone
        final Channel next = channelOf(SessionProtocol.HTTPS);
        assertThat(next).isNotSameAs(tls);
        runQueuedTasks(next);
        assertThat(next.isActive()).isTrue();
    }

    @Test
    void aTlsConnectionWithAStreamOpenClosesWhenTheStreamEndsAndTheStreamIsNotReset() throws Exception {
        final WebClient client = WebClient.builder(server.uri(SessionProtocol.HTTPS)).factory(factory).build();
        final StreamedResponse body = new StreamedResponse();
        final Channel tls;
        try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            client.get("/hold").subscribe(body);
            tls = channelOf(captor.get());
        }
        final HttpResponseWriter writer = held.poll(10, TimeUnit.SECONDS);
        assertThat(writer).isNotNull();

        drain.rotated();
        runQueuedTasks(tls);
        assertThat(tls.isActive()).as("a connection with a stream open stays until the stream ends").isTrue();

        writer.write(HttpData.ofUtf8("after the rotation"));
        writer.close();
        assertThat(body.done.get(10, TimeUnit.SECONDS)).isEqualTo("after the rotation");
        assertThat(tls.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aPlainTextConnectionIsLeftAlone() {
        final Channel plain = channelOf(SessionProtocol.HTTP);
        final Channel tls = channelOf(SessionProtocol.HTTPS);

        drain.rotated();

        assertThat(tls.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS)).isTrue();
        runQueuedTasks(plain);
        assertThat(plain.isActive()).isTrue();
        assertThat(channelOf(SessionProtocol.HTTP)).isSameAs(plain);
    }

    /** The connection a {@code GET /ok} over {@code protocol} went on, after its answer. */
    private Channel channelOf(SessionProtocol protocol) {
        final WebClient client = WebClient.builder(server.uri(protocol)).factory(factory).build();
        try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            assertThat(client.get("/ok").aggregate().join().contentUtf8()).isEqualTo("ok");
            return channelOf(captor.get());
        }
    }

    private static Channel channelOf(ClientRequestContext ctx) {
        return ctx.log().whenAvailable(RequestLogProperty.SESSION)
                  .join().channel();
    }

    /** Waits until every task queued on {@code ch}'s event loop before now has run. */
    private static void runQueuedTasks(Channel ch) {
        ch.eventLoop().submit(() -> {}).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
