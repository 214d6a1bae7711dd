package io.weft.sidecar.transcoding;

import java.time.Duration;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.retry.Backoff;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;

import io.weft.common.netty.BossGroups;

/**
 * A server on port 0 that mounts a {@link GrpcJsonTranscoder} in front of a plain proxy to the app,
 * the way the sidecar's inbound path does, plus a JSON client for it.
 */
final class TranscodingFront implements AutoCloseable {

    private final ClientFactory clientFactory = ClientFactory.builder().build();
    final WebClient appClient;
    final GrpcJsonTranscoder transcoder;
    private final Server server;
    final WebClient client;

    TranscodingFront(int appPort, int maxMessageLength) {
        appClient = WebClient.builder("h2c://127.0.0.1:" + appPort).factory(clientFactory)
                             .responseTimeoutMillis(10_000).build();
        transcoder = GrpcJsonTranscoder.builder(appClient)
                                       .reflectionRetryBackoff(Backoff.fixed(50))
                                       .refreshInterval(Duration.ofMillis(200))
                                       .minRefreshGap(Duration.ofMillis(50))
                                       .maxMessageLength(maxMessageLength)
                                       .build()
                                       .start();
        final HttpService toApp = (ctx, req) -> appClient.execute(req);
        server = BossGroups.applyTo(Server.builder()).http(0).serviceUnder("/", toApp.decorate(transcoder))
                       .gracefulShutdownTimeoutMillis(0, 0).build();
        server.start().join();
        client = WebClient.builder("http://127.0.0.1:" + server.activeLocalPort()).factory(clientFactory)
                          .responseTimeoutMillis(10_000).build();
    }

    String uri() {
        return "http://127.0.0.1:" + server.activeLocalPort();
    }

    AggregatedHttpResponse postJson(String path, String json) {
        return client.execute(RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8).build(),
                              json).aggregate().join();
    }

    AggregatedHttpResponse get(String path) {
        return client.get(path).aggregate().join();
    }

    @Override
    public void close() {
        transcoder.close();
        clientFactory.close();
        server.stop().join();
    }
}
