package io.weft.demo.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;

import io.weft.demo.sum.v1.AddResponse;

/** A stop request lets a request that is waiting on {@code sum} finish before the server stops. */
class HelloShutdownTest {

    @RegisterExtension
    static final FakeSum fakeSum = new FakeSum();

    private Server hello;

    @AfterEach
    void closeServer() {
        if (hello != null) {
            hello.close();
        }
    }

    @Test
    void inFlightRequestFinishesDuringGracefulStop() throws Exception {
        hello = HelloServer.build(HelloConfig.of(0, "hello-stop", fakeSum.httpUri()));
        hello.start().join();
        final CompletableFuture<AggregatedHttpResponse> pending =
                WebClient.of("http://127.0.0.1:" + hello.activeLocalPort()).get("/sum?a=20&b=22").aggregate();
        final FakeSum.Call call = fakeSum.nextCall();

        final CompletableFuture<Void> stopped = hello.stop();
        assertThat(pending).isNotDone();
        assertThat(stopped).isNotDone();

        call.response().onNext(AddResponse.newBuilder().setSum(42).build());
        call.response().onCompleted();
        final AggregatedHttpResponse response = pending.join();
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(response.contentUtf8()).contains("\"sum\":42");
        await().atMost(Duration.ofSeconds(20)).until(stopped::isDone);
    }
}
